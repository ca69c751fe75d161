// spherical-head: a rigid sphere with ears at +-90 deg. Woodworth's frequency-independent ITD
// (as Brown & Duda's per-ear delay) and Brown & Duda's (1998) one-pole/one-zero head shadow.
// The sphere is symmetric about the interaural axis, so each ear's filter depends only on the
// angle between the source and that ear: a 1-degree table, linearly interpolated.

#include "dsp/spectral_kernels.h"
#include "spatial/filter_table.h"
#include "spatial/models/models.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

namespace stagelab::models {

namespace {
constexpr double speedOfSoundMPerS = 343.0;
constexpr int tableSteps = 180; // entries at 0, 1, ..., 180 degrees from the ear
constexpr int irLength = 256;   // 5.3 ms at 48 kHz: delay (< 1 ms) plus the shadow filter's decay
constexpr int designSize = 2048;
constexpr double bulkMarginS = 0.25e-3; // keeps the fractional-delay ringing causal

/// The IR for a source `incidenceDeg` away from the ear's axis.
std::vector<float> earImpulseResponse(double incidenceDeg, double headRadiusM, double sampleRateHz,
                                      const RealFft& fft)
{
    const double pi = std::numbers::pi;
    const double theta = incidenceDeg * pi / 180.0;
    const double headDelayS = headRadiusM / speedOfSoundMPerS;
    // Brown & Duda eq. (3): earliest at the ear, latest (creeping wave) on the far side.
    const double delayS =
        theta < pi / 2 ? -headDelayS * std::cos(theta) : headDelayS * (theta - pi / 2);
    // Brown & Duda eq. (2) with alpha_min = 0.1, theta_min = 150 deg.
    const double alpha = 1.05 + 0.95 * std::cos(theta / (150.0 * pi / 180.0) * pi);
    const double omega0 = speedOfSoundMPerS / headRadiusM;
    const double totalDelayS = delayS + headDelayS + bulkMarginS;
    std::vector<std::complex<double>> spectrum(designSize / 2 + 1);
    for (int k = 0; k <= designSize / 2; ++k) {
        const double omega = 2.0 * pi * sampleRateHz * k / designSize;
        const std::complex<double> j(0.0, 1.0);
        spectrum[size_t(k)] = (1.0 + j * alpha * omega / (2.0 * omega0)) /
                              (1.0 + j * omega / (2.0 * omega0)) *
                              std::exp(-j * omega * totalDelayS);
    }
    // Keep the Nyquist bin real, as a real signal's spectrum must be.
    spectrum.back() = std::real(spectrum.back());
    AlignedBuffer split{fft.spectrumFloats()}, time{size_t(designSize)};
    for (size_t k = 0; k < spectrum.size(); ++k) {
        split[k] = float(spectrum[k].real());
        split[size_t(fft.stride()) + k] = float(spectrum[k].imag());
    }
    fft.inverse(split.data(), time.data());
    std::vector<float> ir(irLength);
    for (int n = 0; n < irLength; ++n) {
        // Half-Hann taper over the last 32 taps: the tail is already far below -80 dB.
        const double taper =
            n < irLength - 32 ? 1.0 : 0.5 + 0.5 * std::cos(pi * (n - (irLength - 32)) / 32.0);
        ir[size_t(n)] = float(time[size_t(n)] / designSize * taper);
    }
    return ir;
}

class SphericalHeadModel final : public SpatialModel
{
public:
    explicit SphericalHeadModel(const ModelSettings& settings)
        : m_table(
              PartitionLayout{settings.blockFrames, partitionsFor(irLength, settings.blockFrames)},
              tableSteps + 1)
    {
        if (!(settings.headRadiusM >= 0.05 && settings.headRadiusM <= 0.15))
            throw Error("head radius " + std::to_string(settings.headRadiusM) +
                        " m is outside 0.05..0.15 m");
        m_layout = m_table.layout();
        RealFft fft(m_layout.fftSize());
        RealFft design(designSize);
        for (int step = 0; step <= tableSteps; ++step) {
            const std::vector<float> ir =
                earImpulseResponse(step, settings.headRadiusM, settings.sampleRateHz, design);
            m_table.setFilter(step, ir.data(), irLength, fft);
        }
    }

    std::string name() const override { return "spherical-head"; }
    bool rendersHead() const override { return true; }

    void filterPair(const Direction& direction, float* pair) const noexcept override
    {
        // Angle from each ear's axis: left ear at +90 deg azimuth (+y), right at -90 (-y).
        const Direction leftEar{90.0, 0.0};
        const Direction rightEar{-90.0, 0.0};
        writeEar(angleBetweenDeg(direction, leftEar), pair);
        writeEar(angleBetweenDeg(direction, rightEar), pair + m_layout.earFloats());
    }

private:
    void writeEar(double incidenceDeg, float* out) const noexcept
    {
        const double clamped = std::clamp(incidenceDeg, 0.0, double(tableSteps));
        const int lower = std::min(int(clamped), tableSteps - 1);
        const float fraction = float(clamped - lower);
        const int floats = int(m_layout.earFloats());
        std::fill_n(out, floats, 0.0f);
        scaleAccumulate(m_table.filter(lower), 1.0f - fraction, out, floats);
        if (fraction > 0.0f) scaleAccumulate(m_table.filter(lower + 1), fraction, out, floats);
    }

    FilterTable m_table;
};
} // namespace

std::shared_ptr<const SpatialModel> makeSphericalHeadModel(const ModelSettings& settings)
{
    return std::make_shared<SphericalHeadModel>(settings);
}

} // namespace stagelab::models
