#pragma once
/// A model's ear filters tabulated over the whole sphere, for voices whose direction a circle
/// table cannot follow: a source heard by a tracked head (yaw, pitch and roll move it in two
/// dimensions at once) and a moving source beyond a scene's budget of circle tables.
///
/// Rows lie 1 deg apart in elevation; each row's azimuths as near 1 deg of arc apart as divide
/// the circle (360 at the horizon, fewer towards the poles), so no direction is more than
/// 0.71 deg from an entry. A voice takes the nearest entry and crossfades when it changes, as a
/// moving source does with its circle: no filter is blended on the audio thread, and every
/// entry is the model's off-audio-thread interpolation (hrtf: without comb filtering, its ITD
/// kept; spatial/hrtf_alignment.h). Entries at measured directions are the measurements.
///
/// MIT KEMAR at 48 kHz in 128-frame blocks: 34,026 entries, about 370 MB, built once per set,
/// rate and block size on every core (a process keeps the last one built for its next scene).

#include "spatial/filter_table.h"
#include "spatial/spatial_model.h"

#include <memory>
#include <utility>
#include <vector>

namespace stagelab {

class SphereTable
{
public:
    /// Tabulates `model` between the lowest and highest elevation its HRTF set measured (beyond
    /// them the nearest row answers, as the set's nearest ring does; the whole sphere for a
    /// model without a set). Throws Error if the model has no earImpulseResponses.
    explicit SphereTable(const SpatialModel& model);

    /// The table for `model`, shared by every scene of a model with the same filters; null for
    /// a model without earImpulseResponses (its filterPair is all it has). Built on first use
    /// (seconds: call it off the audio thread, never from the GUI thread).
    static std::shared_ptr<const SphereTable> of(const SpatialModel& model);

    const PartitionLayout& layout() const { return m_table.layout(); }
    int entries() const { return m_table.count() / 2; }
    size_t bytes() const { return size_t(m_table.count()) * m_table.layout().earFloats() * 4; }
    double buildSeconds() const { return m_buildSeconds; }

    /// The entry nearest `direction`: its elevation's nearest row, that row's nearest azimuth.
    /// Audio thread; wait-free.
    int nearestEntry(const Direction& direction) const noexcept;
    /// Left then right ear filter of `entry` (layout().pairFloats() floats). Audio thread.
    const float* entryPair(int entry) const noexcept { return m_table.filter(2 * entry); }
    Direction entryDirection(int entry) const noexcept;

private:
    struct Row
    {
        double elevationDeg = 0.0;
        int firstEntry = 0;
        int count = 1;
    };
    static std::vector<Row> rowsBetween(std::pair<double, double> elevationRangeDeg);
    int nearestRow(double elevationDeg) const noexcept;
    int rowOf(int entry) const noexcept;

    std::vector<Row> m_rows; ///< Sorted by elevation.
    FilterTable m_table;
    double m_buildSeconds = 0.0;
};

} // namespace stagelab
