/** The {@code prcv} command line: {@code list}, {@code info ID}, {@code reproduce ID|--all}. */
package io.github.prcv2021.cli;
