#include "spatial/near_field.h"

#include "dsp/minimum_phase_fir.h"
#include "spatial/acoustics.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace stagelab {

namespace {
using Complex = std::complex<double>;

/// Ratios a_m = h_m(x) / h_(m-1)(x) of spherical Hankel functions of the first kind follow from
/// h_(m+1) = (2m+1)/x h_m - h_(m-1): a_(m+1) = (2m+1)/x - 1/a_m. Working with ratios keeps the
/// products bounded where h_m itself overflows (low frequencies, many terms).
Complex firstRatio(double x)
{
    // h_0 = -i e^(ix) / x, h_1 = -e^(ix) (x + i) / x^2, so h_1 / h_0 = (x + i) / (i x).
    return (Complex(x, 1.0)) / Complex(0.0, x);
}
} // namespace

std::complex<double> sphereResponse(double rangeM, double incidenceDeg, double frequencyHz,
                                    double radiusM)
{
    const double rho = rangeM / radiusM;
    const double cosTheta = std::cos(incidenceDeg * std::numbers::pi / 180.0);
    // Below a few hertz the series tends to its static limit; evaluate there instead of at 0.
    const double mu =
        std::max(2.0 * std::numbers::pi * frequencyHz * radiusM / speedOfSoundMPerS, 1e-4);
    const double x = mu * rho; // the source's range in wavenumbers
    // H = (rho / mu) sum (2m+1) P_m(cos theta) h_m(mu rho) / h'_m(mu)  (up to a unit phase).
    // h_m(x) / h_m(mu) = [h_0(x) / h_0(mu)] prod_k a_k(x) / a_k(mu), and
    // h'_m(mu) / h_m(mu) = 1 / a_m(mu) - (m+1) / mu (for m >= 1), -a_1(mu) for m = 0.
    Complex hankelRatio = (Complex(0, -1) * std::exp(Complex(0, x)) / x) /
                          (Complex(0, -1) * std::exp(Complex(0, mu)) / mu);
    Complex ratioX = firstRatio(x), ratioMu = firstRatio(mu); // a_1
    double legendrePrevious = 1.0, legendre = cosTheta;       // P_0, P_1
    Complex sum = hankelRatio / (-ratioMu);                   // m = 0
    for (int m = 1; m <= 2000; ++m) {
        hankelRatio *= ratioX / ratioMu;
        const Complex term =
            double(2 * m + 1) * legendre * hankelRatio / (1.0 / ratioMu - double(m + 1) / mu);
        sum += term;
        // Beyond m ~ mu the terms fall off faster than geometrically (h'_m(mu) grows like
        // (2m)! / mu^m): once past it, a negligible term ends the sum.
        if (m > mu + 10 && std::abs(term) < 1e-12 * std::abs(sum)) break;
        // Next ratios and Legendre polynomial.
        ratioX = double(2 * m + 1) / x - 1.0 / ratioX;
        ratioMu = double(2 * m + 1) / mu - 1.0 / ratioMu;
        const double next = ((2 * m + 1) * cosTheta * legendre - m * legendrePrevious) / (m + 1);
        legendrePrevious = legendre;
        legendre = next;
    }
    return (rho / mu) * sum;
}

double distanceVariationDb(double rangeM, double referenceM, double incidenceDeg,
                           double frequencyHz, double radiusM)
{
    return 20.0 *
           std::log10(std::abs(sphereResponse(rangeM, incidenceDeg, frequencyHz, radiusM)) /
                      std::abs(sphereResponse(referenceM, incidenceDeg, frequencyHz, radiusM)));
}

double earIncidenceDeg(const Direction& direction, int ear)
{
    // The left ear's axis is +y (azimuth +90 deg, SOFA), the right ear's -y.
    const double toRadians = std::numbers::pi / 180.0;
    const double lateral =
        std::cos(direction.elevationDeg * toRadians) * std::sin(direction.azimuthDeg * toRadians);
    return std::acos(std::clamp(ear == 0 ? lateral : -lateral, -1.0, 1.0)) / toRadians;
}

std::vector<float> distanceVariationFir(double rangeM, double referenceM, double incidenceDeg,
                                        double sampleRateHz, int taps)
{
    // Sixth-octave points: the function is smooth (a shelf with gentle ripples from the
    // sphere's diffraction), and each point costs a series of up to a few hundred terms.
    std::vector<std::pair<double, double>> curve;
    for (double f = 20.0; f < sampleRateHz / 2.0; f *= std::pow(2.0, 1.0 / 6.0))
        curve.emplace_back(f, distanceVariationDb(rangeM, referenceM, incidenceDeg, f));
    return designMinimumPhaseFir(curve, sampleRateHz, taps);
}

} // namespace stagelab
