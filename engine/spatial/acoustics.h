#pragma once
/// Sound in air: its speed, the octave bands room acoustics is stated in, and its absorption by
/// the air itself (ISO 9613-1). Shared by distance rendering and rooms.

#include <array>
#include <vector>

namespace stagelab {

/// Speed of sound in dry air at 20 degC (331.3 * sqrt(1 + 20 / 273.15) = 343.2 m/s).
inline constexpr double speedOfSoundMPerS = 343.2;

/// The octave bands rooms are described in: 125 Hz to 8 kHz (ISO 3382-1 reports 125 Hz-4 kHz;
/// 8 kHz carries most of the air's absorption in large rooms).
inline constexpr int octaveBandCount = 7;
inline constexpr std::array<double, octaveBandCount> octaveBandCentresHz = {
    125.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0};
/// One value per octave band, in octaveBandCentresHz order.
using OctaveValues = std::array<double, octaveBandCount>;

/// The air Stagelab renders in (ISO 9613-1 reference pressure).
struct AirConditions
{
    double temperatureC = 20.0;
    double relativeHumidityPercent = 50.0;
    double pressureKPa = 101.325;
};

/// Pure-tone attenuation coefficient of atmospheric absorption in dB per metre, by the
/// formulae of ISO 9613-1:1993 section 6 (oxygen and nitrogen relaxation plus classical and
/// rotational absorption). At 20 degC and 50 % RH: about 0.005 dB/m at 1 kHz, 0.1 dB/m at 8 kHz.
double airAbsorptionDbPerM(double frequencyHz, const AirConditions& air = {});

/// The energy attenuation constant m (1/m) of Eyring's and Sabine's formulae at `frequencyHz`:
/// intensity falls as exp(-m x), so m = alpha_dB / (10 log10 e).
double airEnergyAttenuationPerM(double frequencyHz, const AirConditions& air = {});

/// A minimum-phase FIR (`taps` long) whose magnitude is the air's attenuation over `pathM`
/// metres at `sampleRateHz` (ISO 9613-1 at 20 degC, 50 % RH), evaluated on a third-octave grid
/// from 20 Hz to the Nyquist frequency. Off the audio thread.
std::vector<float> airAbsorptionFir(double pathM, double sampleRateHz, int taps);

/// Nearest and farthest a source may be: the near-field model needs the source outside the
/// head (radius 8.75 cm), and beyond a kilometre nothing but silence remains.
inline constexpr double minimumSourceDistanceM = 0.15;
inline constexpr double maximumSourceDistanceM = 1000.0;

} // namespace stagelab
