// What `stagelab-cli room-info` says about a room: its reverberation time per band, critical
// distance, and the direct-to-reverberant ratio of sources straight ahead.

#include "spatial/room.h"

#include "util/number_format.h"

#include <cmath>
#include <sstream>

namespace stagelab {

namespace {
/// The 500 Hz and 1 kHz bands' mean: the "mid-frequency" figure of ISO 3382-1.
double midBands(const OctaveValues& values)
{
    return (values[2] + values[3]) / 2.0;
}
/// The same for values in dB: the mean of the two bands' energies.
double midBandsDb(const OctaveValues& decibels)
{
    return 10.0 *
           std::log10((std::pow(10.0, decibels[2] / 10.0) + std::pow(10.0, decibels[3] / 10.0)) /
                      2.0);
}
nlohmann::json bands(const OctaveValues& values, int decimals)
{
    nlohmann::json array = nlohmann::json::array();
    for (double value : values)
        array.push_back(std::round(value * std::pow(10.0, decimals)) / std::pow(10.0, decimals));
    return array;
}
} // namespace

std::string describeRoom(const RoomSpec& room, const std::vector<double>& distancesM,
                         double referenceM)
{
    const RoomAcoustics acoustics = roomAcoustics(room);
    std::ostringstream out;
    out << room.id << ": " << room.name << "\n";
    out << "  size " << formatNumber(room.lengthM) << " x " << formatNumber(room.widthM) << " x "
        << formatNumber(room.heightM) << " m (" << formatNumberFixed(acoustics.volumeM3, 0)
        << " m3), listener at (" << formatNumber(room.listenerM.x) << ", "
        << formatNumber(room.listenerM.y) << ", " << formatNumber(room.listenerM.z) << ") m facing "
        << formatNumber(room.listenerYawDeg) << " deg, image sources to order "
        << room.reflectionOrder << "\n\n";
    // A table: the title in 20 characters, then one 8-character column per band.
    auto cell = [](const std::string& text) {
        return std::string(text.size() < 8 ? 8 - text.size() : 1, ' ') + text;
    };
    out << "  " << std::string("band (Hz)") + std::string(11, ' ');
    for (double centre : octaveBandCentresHz)
        out << cell(centre < 1000 ? std::to_string(int(centre))
                                  : std::to_string(int(centre / 1000)) + "k");
    out << "\n";
    auto row = [&](const std::string& title, const OctaveValues& values, int decimals) {
        out << "  " << title << std::string(title.size() < 20 ? 20 - title.size() : 1, ' ');
        for (double value : values)
            out << cell(formatNumberFixed(value, decimals));
        out << "\n";
    };
    row("RT60 Eyring (s)", acoustics.rt60S, 2);
    row("RT60 Sabine (s)", acoustics.sabineRt60S, 2);
    row("mean absorption", acoustics.meanAbsorption, 3);
    row("critical dist. (m)", acoustics.criticalDistanceM, 2);
    out << "\n  mid-frequency (500 Hz-1 kHz): RT60 "
        << formatNumberFixed(midBands(acoustics.rt60S), 2) << " s, critical distance "
        << formatNumberFixed(midBands(acoustics.criticalDistanceM), 2) << " m, mixing time "
        << formatNumberFixed(acoustics.mixingTimeS * 1000.0, 0) << " ms\n";
    out << "\n  direct-to-reverberant ratio, source straight ahead (mid-frequency):\n";
    for (double distance : distancesM) {
        out << "    " << formatNumber(distance) << " m: ";
        try {
            const DirectToReverberant drr =
                directToReverberant(room, Direction{0.0, 0.0}, distance, referenceM);
            out << formatNumberFixed(midBandsDb(drr.renderedDb), 1)
                << " dB rendered (image sources + tail), "
                << formatNumberFixed(midBandsDb(drr.theoryDb), 1) << " dB diffuse-field theory\n";
        } catch (const std::exception& error) {
            out << error.what() << "\n";
        }
    }
    return out.str();
}

nlohmann::json roomInfoJson(const RoomSpec& room, const std::vector<double>& distancesM,
                            double referenceM)
{
    const RoomAcoustics acoustics = roomAcoustics(room);
    nlohmann::json json = {
        {"id", room.id},
        {"name", room.name},
        {"room", room.document},
        {"bandsHz",
         bands(OctaveValues{octaveBandCentresHz[0], octaveBandCentresHz[1], octaveBandCentresHz[2],
                            octaveBandCentresHz[3], octaveBandCentresHz[4], octaveBandCentresHz[5],
                            octaveBandCentresHz[6]},
               0)},
        {"volumeM3", acoustics.volumeM3},
        {"surfaceM2", acoustics.surfaceM2},
        {"rt60S", bands(acoustics.rt60S, 3)},
        {"sabineRt60S", bands(acoustics.sabineRt60S, 3)},
        {"meanAbsorption", bands(acoustics.meanAbsorption, 4)},
        {"criticalDistanceM", bands(acoustics.criticalDistanceM, 3)},
        {"mixingTimeS", acoustics.mixingTimeS},
        {"referenceDistanceM", referenceM},
    };
    nlohmann::json ratios = nlohmann::json::array();
    for (double distance : distancesM) {
        nlohmann::json entry = {{"distanceM", distance}};
        try {
            const DirectToReverberant drr =
                directToReverberant(room, Direction{0.0, 0.0}, distance, referenceM);
            entry["renderedDb"] = bands(drr.renderedDb, 2);
            entry["theoryDb"] = bands(drr.theoryDb, 2);
        } catch (const std::exception& error) {
            entry["error"] = error.what();
        }
        ratios.push_back(entry);
    }
    json["directToReverberant"] = ratios;
    return json;
}

} // namespace stagelab
