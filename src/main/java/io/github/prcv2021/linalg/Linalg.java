package io.github.prcv2021.linalg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A thin bridge between DJL's {@link NDArray} and EJML for the dense linear algebra DJL does not offer
 * on every engine: the symmetric eigen-decomposition, the singular value decomposition, the
 * Moore–Penrose pseudo-inverse and linear solves. Matrices cross the bridge as row-major doubles (so
 * float32 inputs are decomposed in double precision) and come back in the input's data type, owned by
 * the input's manager (or the one given). Nothing here is differentiable: these are the closed forms and
 * spectral steps of the factorisation and graph papers, not layers.
 */
public final class Linalg {

    private Linalg() {}

    /** A symmetric eigen-decomposition {@code A = V diag(values) Vᵀ}, eigenvalues ascending. */
    public record Eigen(NDArray values, NDArray vectors) implements AutoCloseable {
        @Override
        public void close() {
            values.close();
            vectors.close();
        }
    }

    /** A thin SVD {@code A = U diag(s) Vᵀ}, singular values descending; U is m×r, V is n×r, r = min(m, n). */
    public record Svd(NDArray u, NDArray s, NDArray v) implements AutoCloseable {
        @Override
        public void close() {
            u.close();
            s.close();
            v.close();
        }
    }

    /** Copies a 2-D array into an EJML matrix (double precision). */
    public static DMatrixRMaj toEjml(NDArray a) {
        Checks.rank(a, 2, "Linalg.toEjml", "a matrix");
        int rows = (int) a.getShape().get(0);
        int cols = (int) a.getShape().get(1);
        NDArray d = a.toType(DataType.FLOAT64, false);
        double[] data = d.toDoubleArray();
        if (d != a) {
            d.close();
        }
        return DMatrixRMaj.wrap(rows, cols, data);
    }

    /** Copies an EJML matrix into an array of the given type owned by {@code manager}. */
    public static NDArray toNd(DMatrixRMaj m, NDManager manager, DataType type) {
        NDArray d = manager.create(m.getData().length == m.getNumElements() ? m.getData()
                : java.util.Arrays.copyOf(m.getData(), m.getNumElements()), new Shape(m.getNumRows(), m.getNumCols()));
        if (type == DataType.FLOAT64) {
            return d;
        }
        NDArray out = d.toType(type, false);
        d.close();
        return out;
    }

    /**
     * The eigen-decomposition of a symmetric matrix.
     *
     * @param a (n, n), symmetric to a relative tolerance of 1e-5
     * @return eigenvalues (n) ascending and the orthonormal eigenvectors as the columns of (n, n)
     */
    public static Eigen symmetricEigen(NDArray a) {
        String who = "Linalg.symmetricEigen";
        DMatrixRMaj m = square(a, who);
        double scale = Math.max(1e-300, CommonOps_DDRM.elementMaxAbs(m));
        for (int i = 0; i < m.numRows; i++) {
            for (int j = i + 1; j < m.numCols; j++) {
                double d = Math.abs(m.get(i, j) - m.get(j, i));
                Checks.check(d <= 1e-5 * scale, who, "a symmetric matrix", "A[" + i + "," + j + "] - A[" + j + "," + i + "] = " + d);
            }
        }
        int n = m.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m.copy())) {
            throw new IllegalStateException("Linalg.symmetricEigen: EJML's decomposition did not converge for a " + n + "x" + n
                    + " matrix");
        }
        Integer[] order = new Integer[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            values[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double[] sortedValues = new double[n];
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            sortedValues[k] = values[order[k]];
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            double norm = Math.sqrt(CommonOps_DDRM.dot(v, v));
            for (int i = 0; i < n; i++) {
                vectors.set(i, k, v.get(i) / norm);
            }
        }
        NDManager manager = a.getManager();
        NDArray vals = manager.create(sortedValues);
        NDArray valsTyped = vals.toType(a.getDataType(), false);
        if (valsTyped != vals) {
            vals.close();
        }
        return new Eigen(valsTyped, toNd(vectors, manager, a.getDataType()));
    }

    /**
     * The thin singular value decomposition.
     *
     * @param a (m, n)
     * @return U (m, r), s (r) descending, V (n, r), r = min(m, n)
     */
    public static Svd svd(NDArray a) {
        DMatrixRMaj m = toEjml(a);
        int r = Math.min(m.numRows, m.numCols);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m.numRows, m.numCols, true, true, true);
        if (!svd.decompose(m.copy())) {
            throw new IllegalStateException("Linalg.svd: EJML's decomposition did not converge for a " + m.numRows + "x"
                    + m.numCols + " matrix");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] s = svd.getSingularValues();
        Integer[] order = new Integer[r];
        for (int i = 0; i < r; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(s[y], s[x]));
        DMatrixRMaj us = new DMatrixRMaj(m.numRows, r);
        DMatrixRMaj vs = new DMatrixRMaj(m.numCols, r);
        double[] ss = new double[r];
        for (int k = 0; k < r; k++) {
            int src = order[k];
            ss[k] = s[src];
            for (int i = 0; i < m.numRows; i++) {
                us.set(i, k, u.get(i, src));
            }
            for (int i = 0; i < m.numCols; i++) {
                vs.set(i, k, v.get(i, src));
            }
        }
        NDManager manager = a.getManager();
        NDArray sv = manager.create(ss);
        NDArray svTyped = sv.toType(a.getDataType(), false);
        if (svTyped != sv) {
            sv.close();
        }
        return new Svd(toNd(us, manager, a.getDataType()), svTyped, toNd(vs, manager, a.getDataType()));
    }

    /**
     * The Moore–Penrose pseudo-inverse {@code A⁺ = V diag(1/s) Uᵀ}, singular values below
     * {@code max(m, n) · s_max · 1e-12} (double precision) treated as zero.
     *
     * @param a (m, n)
     * @return (n, m)
     */
    public static NDArray pinv(NDArray a) {
        DMatrixRMaj m = toEjml(a);
        DMatrixRMaj out = new DMatrixRMaj(m.numCols, m.numRows);
        CommonOps_DDRM.pinv(m.copy(), out);
        return toNd(out, a.getManager(), a.getDataType());
    }

    /**
     * Solves {@code A X = B} for a square, non-singular A.
     *
     * @param a (n, n)
     * @param b (n) or (n, k)
     * @return X, shaped like {@code b}
     */
    public static NDArray solve(NDArray a, NDArray b) {
        String who = "Linalg.solve";
        DMatrixRMaj m = square(a, who);
        boolean vector = b.getShape().dimension() == 1;
        Checks.check(vector || b.getShape().dimension() == 2, who, "b of shape (n) or (n, k)", b.getShape());
        Checks.check(b.getShape().get(0) == m.numRows, who, "b with " + m.numRows + " rows", b.getShape());
        DMatrixRMaj rhs = toEjml(vector ? b.reshape(b.getShape().get(0), 1) : b);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(m.numRows);
        Checks.check(solver.setA(m.copy()), who, "a non-singular A", "a singular matrix");
        double quality = solver.quality();
        Checks.check(quality > 1e-14, who, "a non-singular A", "a matrix of LU quality " + quality);
        DMatrixRMaj x = new DMatrixRMaj(m.numRows, rhs.numCols);
        solver.solve(rhs, x);
        NDArray out = toNd(x, a.getManager(), b.getDataType());
        if (vector) {
            NDArray flat = out.reshape(m.numRows);
            out.close();
            return flat;
        }
        return out;
    }

    private static DMatrixRMaj square(NDArray a, String who) {
        Checks.rank(a, 2, who, "a square matrix");
        Checks.check(a.getShape().get(0) == a.getShape().get(1), who, "a square matrix", a.getShape());
        return toEjml(a);
    }
}
