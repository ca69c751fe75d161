#pragma once
// Independent reference formulas for the device-EQ tests: written straight from the RBJ audio-EQ
// cookbook and the EqualizerAPO GraphicEQ definition, sharing no code with engine/devices.

#include <cmath>
#include <complex>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

namespace reference {

// |H(e^jw)| in dB from the cookbook's unnormalised b/a coefficients, evaluated as complex
// polynomials in z^-1 (AutoEq's convention: alpha = sin(w0) / (2 Q) for PK, LSC and HSC alike).
inline double rbjMagnitudeDb(const std::string& type, double f0, double gainDb, double q, double fs,
                             double f)
{
    const double A = std::pow(10.0, gainDb / 40.0);
    const double w0 = 2 * std::numbers::pi * f0 / fs;
    const double c = std::cos(w0);
    const double alpha = std::sin(w0) / (2 * q);
    const double s = 2 * std::sqrt(A) * alpha;
    double b[3], a[3];
    if (type == "PK") {
        b[0] = 1 + alpha * A, b[1] = -2 * c, b[2] = 1 - alpha * A;
        a[0] = 1 + alpha / A, a[1] = -2 * c, a[2] = 1 - alpha / A;
    } else if (type == "LSC") {
        b[0] = A * ((A + 1) - (A - 1) * c + s), b[1] = 2 * A * ((A - 1) - (A + 1) * c);
        b[2] = A * ((A + 1) - (A - 1) * c - s);
        a[0] = (A + 1) + (A - 1) * c + s, a[1] = -2 * ((A - 1) + (A + 1) * c);
        a[2] = (A + 1) + (A - 1) * c - s;
    } else { // HSC
        b[0] = A * ((A + 1) + (A - 1) * c + s), b[1] = -2 * A * ((A - 1) + (A + 1) * c);
        b[2] = A * ((A + 1) + (A - 1) * c - s);
        a[0] = (A + 1) - (A - 1) * c + s, a[1] = 2 * ((A - 1) - (A + 1) * c);
        a[2] = (A + 1) - (A - 1) * c - s;
    }
    const std::complex<double> z = std::exp(std::complex<double>(0, 2 * std::numbers::pi * f / fs));
    const std::complex<double> numerator = b[0] + b[1] / z + b[2] / (z * z);
    const std::complex<double> denominator = a[0] + a[1] / z + a[2] / (z * z);
    return 20 * std::log10(std::abs(numerator / denominator));
}

// The GraphicEQ curve as EqualizerAPO defines it: straight lines in dB over log frequency
// between points, flat outside them (a linear search, unlike the engine's binary search).
inline double graphicCurveDb(const std::vector<std::pair<double, double>>& points, double f)
{
    if (f <= points.front().first) return points.front().second;
    for (size_t i = 1; i < points.size(); ++i) {
        if (f <= points[i].first) {
            const auto [f1, g1] = points[i - 1];
            const auto [f2, g2] = points[i];
            return g1 + (g2 - g1) * std::log2(f / f1) / std::log2(f2 / f1);
        }
    }
    return points.back().second;
}

// `count` log-spaced frequencies from `low` to `high` inclusive.
inline std::vector<double> logGrid(double low, double high, int count)
{
    std::vector<double> grid;
    for (int i = 0; i < count; ++i)
        grid.push_back(low * std::pow(high / low, i / double(count - 1)));
    return grid;
}

} // namespace reference
