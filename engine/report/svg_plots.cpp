#include "report/svg_plots.h"

#include "report/html.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <tuple>

namespace stagelab {

namespace {
std::string number(double value)
{
    return formatNumberFixed(value, 1);
}

/// SVG coordinates of an azimuth at radius r: 0 deg up, +90 (left) to the left.
std::pair<double, double> polarXY(double centre, double radius, double azimuthDeg)
{
    const double a = azimuthDeg * std::numbers::pi / 180.0;
    return {centre - radius * std::sin(a), centre - radius * std::cos(a)};
}
} // namespace

std::string levelColour(size_t index)
{
    static const char* const palette[] = {"#0072B2", "#D55E00", "#009E73",
                                          "#CC79A7", "#E69F00", "#56B4E9"};
    return palette[index % std::size(palette)];
}

std::string polarScatterSvg(const std::string& title, const std::vector<PolarPoint>& points,
                            const std::string& colour, int sizePx)
{
    const double centre = sizePx / 2.0;
    const double outer = sizePx / 2.0 - 24;
    const int margin = 56; // room for the side labels
    std::set<double> targets;
    for (const PolarPoint& point : points)
        targets.insert(std::remainder(point.targetAzimuthDeg, 360.0));
    std::map<double, double> ringRadius;
    size_t ring = 0;
    for (const double target : targets)
        ringRadius[target] = outer * (0.3 + 0.7 * double(++ring) / double(targets.size()));
    const int width = sizePx + 2 * margin;
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                      "\" height=\"" + std::to_string(sizePx + 20) + "\" viewBox=\"0 0 " +
                      std::to_string(width) + " " + std::to_string(sizePx + 20) +
                      "\" role=\"img\" aria-label=\"" + escapeHtml(title) + "\">\n";
    svg += "<text x=\"" + number(width / 2.0) +
           "\" y=\"14\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">" +
           escapeHtml(title) + "</text>\n<g transform=\"translate(" + std::to_string(margin) +
           ",20)\">\n";
    svg += "<circle cx=\"" + number(centre) + "\" cy=\"" + number(centre) + "\" r=\"" +
           number(outer) + "\" fill=\"none\" stroke=\"#999\"/>\n";
    for (const auto& [target, radius] : ringRadius)
        svg += "<circle cx=\"" + number(centre) + "\" cy=\"" + number(centre) + "\" r=\"" +
               number(radius) + "\" fill=\"none\" stroke=\"#e3e3e3\"/>\n";
    for (const double spoke : {0.0, 90.0, 180.0, -90.0}) {
        const auto [x, y] = polarXY(centre, outer, spoke);
        svg += "<line x1=\"" + number(centre) + "\" y1=\"" + number(centre) + "\" x2=\"" +
               number(x) + "\" y2=\"" + number(y) + "\" stroke=\"#e3e3e3\"/>\n";
    }
    // Side labels are anchored at the circle so they grow outwards, never past the edge.
    const std::tuple<double, const char*, const char*> labels[] = {{0, "0° front", "middle"},
                                                                   {90, "+90° left", "end"},
                                                                   {180, "180°", "middle"},
                                                                   {-90, "-90° right", "start"}};
    for (const auto& [azimuth, label, anchor] : labels) {
        const auto [x, y] = polarXY(centre, outer + 6, azimuth);
        const double dy = azimuth == 0 ? -2 : azimuth == 180 ? 11 : 4;
        svg += "<text x=\"" + number(x) + "\" y=\"" + number(y + dy) + "\" text-anchor=\"" +
               anchor + "\" font-size=\"10\" fill=\"#555\">" + escapeHtml(label) + "</text>\n";
    }
    for (const PolarPoint& point : points) {
        const double radius = ringRadius[std::remainder(point.targetAzimuthDeg, 360.0)];
        const auto [x, y] = polarXY(centre, radius, point.responseAzimuthDeg);
        svg += "<circle cx=\"" + number(x) + "\" cy=\"" + number(y) + "\" r=\"3\" fill=\"" +
               escapeHtml(colour) + "\" fill-opacity=\"0.45\"/>\n";
    }
    for (const auto& [target, radius] : ringRadius) { // targets last: on top of the dots
        const auto [x1, y1] = polarXY(centre, radius - 6, target);
        const auto [x2, y2] = polarXY(centre, radius + 6, target);
        svg += "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(x2) +
               "\" y2=\"" + number(y2) + "\" stroke=\"#000\" stroke-width=\"2.5\"/>\n";
    }
    return svg + "</g>\n</svg>\n";
}

std::string errorBarSvg(const std::vector<ErrorBarPanel>& panels, int panelWidthPx, int heightPx)
{
    const int width = std::max<int>(1, int(panels.size())) * panelWidthPx;
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                      "\" height=\"" + std::to_string(heightPx) + "\" viewBox=\"0 0 " +
                      std::to_string(width) + " " + std::to_string(heightPx) +
                      "\" role=\"img\" aria-label=\"metrics per device\">\n";
    const double top = 34, bottom = heightPx - 44.0;
    for (size_t p = 0; p < panels.size(); ++p) {
        const ErrorBarPanel& panel = panels[p];
        const double left = double(p) * panelWidthPx + 44,
                     right = double(p + 1) * panelWidthPx - 12;
        double low = 0, high = 0;
        for (const ErrorBar& bar : panel.bars)
            for (const double v : {bar.mean, bar.low, bar.high})
                if (std::isfinite(v)) {
                    low = std::min(low, v);
                    high = std::max(high, v);
                }
        if (high - low <= 0) high = low + 1;
        high += 0.08 * (high - low);
        const auto y = [&](double v) { return bottom - (v - low) / (high - low) * (bottom - top); };
        svg += "<text x=\"" + number((left + right) / 2) +
               "\" y=\"16\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">" +
               escapeHtml(panel.title) + "</text>\n";
        svg += "<text x=\"" + number((left + right) / 2) +
               "\" y=\"28\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555\">" +
               escapeHtml(panel.unit) + "</text>\n";
        svg += "<line x1=\"" + number(left) + "\" y1=\"" + number(top) + "\" x2=\"" + number(left) +
               "\" y2=\"" + number(bottom) + "\" stroke=\"#999\"/>\n";
        for (const double tick : {low, (low + high) / 2, high}) {
            svg += "<text x=\"" + number(left - 4) + "\" y=\"" + number(y(tick) + 3) +
                   "\" text-anchor=\"end\" font-size=\"9\" fill=\"#555\">" +
                   formatNumberFixed(tick, 1) + "</text>\n";
            svg += "<line x1=\"" + number(left) + "\" y1=\"" + number(y(tick)) + "\" x2=\"" +
                   number(right) + "\" y2=\"" + number(y(tick)) + "\" stroke=\"#eee\"/>\n";
        }
        for (size_t b = 0; b < panel.bars.size(); ++b) {
            const ErrorBar& bar = panel.bars[b];
            const double x = left + (right - left) * (double(b) + 0.5) / double(panel.bars.size());
            const std::string colour = escapeHtml(bar.colour);
            if (std::isfinite(bar.low) && std::isfinite(bar.high))
                svg += "<line x1=\"" + number(x) + "\" y1=\"" + number(y(bar.low)) + "\" x2=\"" +
                       number(x) + "\" y2=\"" + number(y(bar.high)) + "\" stroke=\"" + colour +
                       "\" stroke-width=\"2\"/>\n<line x1=\"" + number(x - 6) + "\" y1=\"" +
                       number(y(bar.low)) + "\" x2=\"" + number(x + 6) + "\" y2=\"" +
                       number(y(bar.low)) + "\" stroke=\"" + colour +
                       "\" stroke-width=\"2\"/>\n<line x1=\"" + number(x - 6) + "\" y1=\"" +
                       number(y(bar.high)) + "\" x2=\"" + number(x + 6) + "\" y2=\"" +
                       number(y(bar.high)) + "\" stroke=\"" + colour + "\" stroke-width=\"2\"/>\n";
            if (std::isfinite(bar.mean))
                svg += "<circle cx=\"" + number(x) + "\" cy=\"" + number(y(bar.mean)) +
                       "\" r=\"5\" fill=\"" + colour + "\"/>\n";
            svg += "<text x=\"" + number(x) + "\" y=\"" + number(bottom + 16) +
                   "\" text-anchor=\"middle\" font-size=\"10\">" + escapeHtml(bar.label) +
                   "</text>\n";
        }
    }
    return svg + "</svg>\n";
}

} // namespace stagelab
