package io.orderflow.execution.schedule;

import io.orderflow.estimators.AlmgrenChriss;

/**
 * A parent order's Almgren–Chriss schedule and, beside it, a TWAP's, with the model's expected cost and its
 * standard deviation for each (price × quantity), from one instrument's {@link AcParameters}.
 */
public record AcPlan(double quantity, double horizonSeconds, int slices, double riskAversion, double kappa,
        double[] trades, double[] twap, double expectedCost, double costStdDev, double twapCost, double twapStdDev,
        double permanentCost) {

    public double tau() {
        return horizonSeconds / slices;
    }

    /**
     * @param quantity base units to trade
     * @param riskAversion λ, per unit of price × quantity (0: the TWAP)
     */
    public static AcPlan of(AcParameters p, double quantity, double horizonSeconds, int slices, double riskAversion) {
        if (!(quantity > 0) || !(horizonSeconds > 0) || slices < 1 || riskAversion < 0) {
            throw new IllegalArgumentException("need a positive quantity and horizon, at least one slice and a risk "
                    + "aversion >= 0");
        }
        double tau = horizonSeconds / slices;
        double eta = p.impactPerUnit() * tau;
        double etaTilde = eta - 0.5 * p.gamma() * tau;
        if (!(etaTilde > 0)) {
            throw new IllegalArgumentException("the permanent impact estimate (gamma " + p.gamma() + ") is above twice "
                    + "the temporary impact per interval: the model has no optimum; use more slices");
        }
        double kappa = AlmgrenChriss.kappa(riskAversion, p.sigma(), etaTilde, tau);
        double[] trades = AlmgrenChriss.trades(quantity, horizonSeconds, slices, kappa);
        double[] twap = AlmgrenChriss.trades(quantity, horizonSeconds, slices, 0);
        return new AcPlan(quantity, horizonSeconds, slices, riskAversion, kappa, trades, twap,
                AlmgrenChriss.expectedCost(trades, tau, p.gamma(), p.epsilon(), eta),
                Math.sqrt(AlmgrenChriss.costVariance(trades, tau, p.sigma())),
                AlmgrenChriss.expectedCost(twap, tau, p.gamma(), p.epsilon(), eta),
                Math.sqrt(AlmgrenChriss.costVariance(twap, tau, p.sigma())), 0.5 * p.gamma() * quantity * quantity);
    }
}
