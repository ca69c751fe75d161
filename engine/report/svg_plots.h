#pragma once
/// Plots as inline SVG text (no scripts, no external files), for the study report and the GUI.
/// Directions follow SOFA: azimuth 0 = front (top of a polar plot), +90 = left (drawn left).

#include <string>
#include <vector>

namespace stagelab {

/// One answered trial: where the target was and where the listener put it.
struct PolarPoint
{
    double targetAzimuthDeg = 0.0;
    double responseAzimuthDeg = 0.0;
};

/// Targets vs responses seen from above: each target azimuth has its own ring (inner to outer
/// in increasing azimuth); a black tick marks the target, dots the responses to it. Perfect
/// answers put every dot on its tick.
std::string polarScatterSvg(const std::string& title, const std::vector<PolarPoint>& points,
                            const std::string& colour, int sizePx = 300);

/// One bar of an error-bar plot: a mean and its interval.
struct ErrorBar
{
    std::string label;
    double mean = 0.0;
    double low = 0.0;
    double high = 0.0;
    std::string colour = "#333";
};

/// A panel: one metric, one bar per level (device).
struct ErrorBarPanel
{
    std::string title;
    std::string unit;
    std::vector<ErrorBar> bars;
};

/// Panels side by side, each with its own value axis from 0 (or the lowest value) up.
std::string errorBarSvg(const std::vector<ErrorBarPanel>& panels, int panelWidthPx = 190,
                        int heightPx = 240);

/// A colour for the i-th level (colour-blind-safe Okabe-Ito palette, repeating).
std::string levelColour(size_t index);

} // namespace stagelab
