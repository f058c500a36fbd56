package io.orderflow.estimators;

/**
 * Gauss–Jordan elimination with partial pivoting on an augmented matrix [A | B], in place: afterwards the first
 * {@code k} columns are the identity and the rest A⁻¹B. Exact enough for the small systems the estimators solve.
 */
final class GaussJordan {
    private GaussJordan() {}

    /**
     * @param a k rows of [A | B]
     * @param minPivot the smallest pivot accepted: below it A is taken as singular
     * @return false, leaving {@code a} part-reduced, if A is singular
     */
    static boolean reduce(double[][] a, int k, double minPivot) {
        for (int c = 0; c < k; c++) {
            int pivot = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(a[pivot][c]) > minPivot)) {
                return false;
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            double d = a[c][c];
            for (int j = 0; j < a[c].length; j++) {
                a[c][j] /= d;
            }
            for (int r = 0; r < k; r++) {
                if (r != c && a[r][c] != 0) {
                    double f = a[r][c];
                    for (int j = 0; j < a[r].length; j++) {
                        a[r][j] -= f * a[c][j];
                    }
                }
            }
        }
        return true;
    }
}
