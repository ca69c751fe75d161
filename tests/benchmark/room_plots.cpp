// The README's pictures of rooms and distance, drawn from renders (SVG, no plotting library):
//  - the energy-time curve of a click rendered in the studio (hrtf, 2 m at 30 deg), both ears;
//  - level against distance (anechoic) and the direct-to-reverberant ratio against distance in
//    the hall, as rendered and as the room computes it.
//
//   stagelab-room-plots OUTPUT_FOLDER     (scripts/room-plots.sh)

#include "dsp/decay_measures.h"
#include "render/offline_render.h"
#include "spatial/room.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace stagelab;

namespace {
constexpr double rate = 48000.0;

std::shared_ptr<const SpatialModel> model(const std::string& name)
{
    ModelSettings settings;
    settings.sampleRateHz = rate;
    return createModel(name, settings);
}

RenderedAudio click(const std::shared_ptr<const SpatialModel>& m,
                    std::shared_ptr<const PreparedRoom> room, Direction direction, double distance)
{
    SceneSpec spec;
    spec.model = m;
    spec.room = std::move(room);
    spec.propagationDelay = true;
    spec.rampS = 0.0;
    SourceSpec source;
    auto stimulus = std::make_shared<Stimulus>();
    stimulus->name = "click";
    stimulus->sampleRateHz = rate;
    stimulus->samples.assign(256, 0.0f);
    stimulus->samples[0] = 1.0f;
    source.stimulus = stimulus;
    source.direction = direction;
    source.distanceM = distance;
    spec.sources.push_back(source);
    return renderOffline(spec, rate);
}

double energy(const std::vector<float>& x)
{
    double sum = 0.0;
    for (float v : x)
        sum += double(v) * v;
    return sum;
}

/// A plot area: data coordinates to SVG pixels, axes with ticks, polylines.
struct Plot
{
    double x0, y0, width, height; // pixels
    double xMin, xMax, yMin, yMax;
    bool logX = false;
    std::ostringstream svg{};

    double px(double x) const
    {
        const double t =
            logX ? std::log(x / xMin) / std::log(xMax / xMin) : (x - xMin) / (xMax - xMin);
        return x0 + t * width;
    }
    double py(double y) const { return y0 + height - (y - yMin) / (yMax - yMin) * height; }
    void axes(const std::string& xLabel, const std::string& yLabel,
              const std::vector<double>& xTicks, const std::vector<double>& yTicks)
    {
        svg << "<rect x='" << x0 << "' y='" << y0 << "' width='" << width << "' height='" << height
            << "' fill='none' stroke='#444'/>\n";
        for (double x : xTicks)
            svg << "<line x1='" << px(x) << "' x2='" << px(x) << "' y1='" << y0 << "' y2='"
                << y0 + height << "' stroke='#ddd'/><text x='" << px(x) << "' y='"
                << y0 + height + 16 << "' font-size='12' text-anchor='middle'>" << x << "</text>\n";
        for (double y : yTicks)
            svg << "<line x1='" << x0 << "' x2='" << x0 + width << "' y1='" << py(y) << "' y2='"
                << py(y) << "' stroke='#ddd'/><text x='" << x0 - 6 << "' y='" << py(y) + 4
                << "' font-size='12' text-anchor='end'>" << y << "</text>\n";
        svg << "<text x='" << x0 + width / 2 << "' y='" << y0 + height + 34
            << "' font-size='13' text-anchor='middle'>" << xLabel << "</text>\n";
        svg << "<text x='" << x0 - 44 << "' y='" << y0 + height / 2
            << "' font-size='13' text-anchor='middle' transform='rotate(-90 " << x0 - 44 << ' '
            << y0 + height / 2 << ")'>" << yLabel << "</text>\n";
    }
    void line(const std::vector<std::pair<double, double>>& points, const std::string& colour,
              const std::string& dash = "")
    {
        svg << "<polyline fill='none' stroke='" << colour << "' stroke-width='1.5'"
            << (dash.empty() ? "" : " stroke-dasharray='" + dash + "'") << " points='";
        for (const auto& [x, y] : points)
            svg << px(x) << ',' << py(std::clamp(y, yMin, yMax)) << ' ';
        svg << "'/>\n";
    }
    void label(double x, double y, const std::string& text, const std::string& colour)
    {
        svg << "<text x='" << x << "' y='" << y << "' font-size='12' fill='" << colour << "'>"
            << text << "</text>\n";
    }
};

void write(const std::string& path, const std::string& body, int width, int height)
{
    std::ofstream out(path);
    out << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width << "' height='" << height
        << "' font-family='sans-serif'>\n<rect width='100%' height='100%' fill='white'/>\n"
        << body << "</svg>\n";
    std::printf("wrote %s\n", path.c_str());
}
} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_FOLDER\n", argv[0]);
        return 2;
    }
    const std::string folder = argv[1];
    const auto hrtf = model("hrtf");
    const auto diotic = model("diotic");

    // 1. The studio's binaural response: energy in 1-ms windows, in dB, for 350 ms.
    {
        const RoomSpec studio = *loadRoom("studio");
        const auto room = std::make_shared<PreparedRoom>(studio, hrtf, rate);
        const RenderedAudio ir = click(hrtf, room, {30, 0}, 2.0);
        Plot plot{70, 40, 760, 300, 0, 350, -90, 0};
        plot.axes("time after the click (ms)", "level (dB, 1-ms windows)",
                  {0, 50, 100, 150, 200, 250, 300, 350}, {-90, -75, -60, -45, -30, -15, 0});
        double peak = 0.0;
        for (const auto* ear : {&ir.left, &ir.right})
            for (float v : *ear)
                peak = std::max(peak, double(v) * v * 48.0);
        const std::pair<const std::vector<float>*, std::string> ears[] = {{&ir.left, "#1f77b4"},
                                                                          {&ir.right, "#d62728"}};
        for (const auto& [ear, colour] : ears) {
            std::vector<std::pair<double, double>> points;
            for (int ms = 0; ms < 350; ++ms) {
                double sum = 0.0;
                for (int i = ms * 48; i < (ms + 1) * 48 && size_t(i) < ear->size(); ++i)
                    sum += double((*ear)[size_t(i)]) * (*ear)[size_t(i)];
                points.emplace_back(ms + 0.5, 10.0 * std::log10(sum / peak + 1e-12));
            }
            plot.line(points, colour);
        }
        const double tailStartMs =
            1000.0 * double(room->tailStartFrames(roomPosition(studio, {30, 0}, 2.0))) / rate;
        plot.svg << "<line x1='" << plot.px(tailStartMs) << "' x2='" << plot.px(tailStartMs)
                 << "' y1='40' y2='340' stroke='#888' stroke-dasharray='4 3'/>\n";
        plot.label(plot.px(tailStartMs) + 4, 56, "late tail from here (image sources before)",
                   "#555");
        plot.label(640, 60, "left ear", "#1f77b4");
        plot.label(640, 76, "right ear", "#d62728");
        plot.svg << "<text x='450' y='24' font-size='15' text-anchor='middle'>A click in the "
                    "studio (RT60 0.3 s), hrtf, 2 m at 30 deg left</text>\n";
        write(folder + "/room-impulse-response.svg", plot.svg.str(), 900, 400);
    }

    // 2. Level and direct-to-reverberant ratio against distance.
    {
        const RoomSpec hall = *loadRoom("hall");
        const auto room = std::make_shared<PreparedRoom>(hall, diotic, rate);
        Plot plot{70, 40, 760, 320, 0.25, 16, -30, 20};
        plot.logX = true;
        plot.axes("distance (m, logarithmic)", "dB", {0.25, 0.5, 1, 2, 4, 8, 16},
                  {-30, -20, -10, 0, 10, 20});
        std::vector<std::pair<double, double>> level, renderedDrr, computedDrr, theoryDrr;
        const double reference = energy(click(diotic, nullptr, {0, 0}, 1.4).left);
        for (double d = 0.25; d <= 16.001; d *= std::sqrt(2.0)) {
            level.emplace_back(
                d, 10.0 * std::log10(energy(click(diotic, nullptr, {0, 0}, d).left) / reference));
            if (d < 0.5) continue;
            const RenderedAudio inRoom = click(diotic, room, {0, 0}, d);
            const RenderedAudio direct = click(diotic, nullptr, {0, 0}, d);
            std::vector<float> reverberant = inRoom.left;
            for (size_t i = 0; i < direct.left.size() && i < reverberant.size(); ++i)
                reverberant[i] -= direct.left[i];
            renderedDrr.emplace_back(
                d, 10.0 * std::log10(energy(octaveBand(direct.left, 1000.0, rate)) /
                                     energy(octaveBand(reverberant, 1000.0, rate))));
            const DirectToReverberant drr = directToReverberant(hall, {0, 0}, d, 1.4);
            computedDrr.emplace_back(d, drr.renderedDb[3]);
            theoryDrr.emplace_back(d, drr.theoryDb[3]);
        }
        plot.line(level, "#2ca02c");
        plot.line(renderedDrr, "#1f77b4");
        plot.line(computedDrr, "#ff7f0e", "5 4");
        plot.line(theoryDrr, "#888", "2 3");
        plot.label(90, 286, "level, anechoic (rendered; -6.02 dB per doubling, ref. 1.4 m)",
                   "#2ca02c");
        plot.label(90, 302, "direct-to-reverberant ratio in the hall, 1 kHz band, rendered",
                   "#1f77b4");
        plot.label(90, 318, "... as the room computes it (image sources + tail)", "#ff7f0e");
        plot.label(90, 334, "... diffuse-field theory, 10 log(A / 16 pi r^2)", "#777");
        plot.svg << "<text x='450' y='24' font-size='15' text-anchor='middle'>Distance: level "
                    "and direct-to-reverberant ratio</text>\n";
        write(folder + "/distance-level-drr.svg", plot.svg.str(), 900, 420);
    }
    return 0;
}
