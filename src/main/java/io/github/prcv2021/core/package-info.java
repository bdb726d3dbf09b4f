/** Engine and device choice, seeding, native-memory scoping and argument checks shared by every package. */
package io.github.prcv2021.core;
