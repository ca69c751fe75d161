#include "spatial/acoustics.h"

#include "dsp/minimum_phase_fir.h"

#include <cmath>
#include <utility>

namespace stagelab {

double airAbsorptionDbPerM(double frequencyHz, const AirConditions& air)
{
    // ISO 9613-1:1993, equations (3) to (5) and annex B (saturation vapour pressure).
    constexpr double referencePressureKPa = 101.325;
    constexpr double referenceTemperatureK = 293.15;
    constexpr double triplePointK = 273.16;
    const double temperatureK = air.temperatureC + 273.15;
    const double pressureRatio = air.pressureKPa / referencePressureKPa;
    const double saturationRatio =
        std::pow(10.0, -6.8346 * std::pow(triplePointK / temperatureK, 1.261) + 4.6151);
    // Molar concentration of water vapour, in percent.
    const double h = air.relativeHumidityPercent * saturationRatio / pressureRatio;
    const double relative = temperatureK / referenceTemperatureK;
    const double oxygenRelaxationHz =
        pressureRatio * (24.0 + 4.04e4 * h * (0.02 + h) / (0.391 + h));
    const double nitrogenRelaxationHz =
        pressureRatio * std::pow(relative, -0.5) *
        (9.0 + 280.0 * h * std::exp(-4.170 * (std::pow(relative, -1.0 / 3.0) - 1.0)));
    const double f2 = frequencyHz * frequencyHz;
    return 8.686 * f2 *
           (1.84e-11 / pressureRatio * std::sqrt(relative) +
            std::pow(relative, -2.5) * (0.01275 * std::exp(-2239.1 / temperatureK) /
                                            (oxygenRelaxationHz + f2 / oxygenRelaxationHz) +
                                        0.1068 * std::exp(-3352.0 / temperatureK) /
                                            (nitrogenRelaxationHz + f2 / nitrogenRelaxationHz)));
}

double airEnergyAttenuationPerM(double frequencyHz, const AirConditions& air)
{
    return airAbsorptionDbPerM(frequencyHz, air) / (10.0 * std::log10(std::exp(1.0)));
}

std::vector<float> airAbsorptionFir(double pathM, double sampleRateHz, int taps)
{
    // Third-octave points are dense enough: the attenuation in dB grows smoothly with f^2.
    std::vector<std::pair<double, double>> curve;
    for (double f = 20.0; f < sampleRateHz / 2.0; f *= std::pow(2.0, 1.0 / 3.0))
        curve.emplace_back(f, -airAbsorptionDbPerM(f) * pathM);
    curve.emplace_back(sampleRateHz / 2.0, -airAbsorptionDbPerM(sampleRateHz / 2.0) * pathM);
    return designMinimumPhaseFir(curve, sampleRateHz, taps);
}

} // namespace stagelab
