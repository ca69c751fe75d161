#pragma once
/// An HRTF set read from a SOFA SimpleFreeFieldHRIR file, at a chosen sample rate, with
/// interpolation between measured directions.

#include "spatial/direction.h"

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct MYSOFA_HRTF; // libmysofa's set as read (mysofa.h)

namespace stagelab {

class ImpulseAligner; // hrtf_alignment.h

/// What a person (and a results header) needs to know about an HRTF file.
struct HrtfInfo
{
    std::string file;
    std::string sha256;
    std::string name; ///< Title/DatabaseName attributes, else the file name.
    int measurements = 0;
    int irLength = 0;                              ///< Taps per IR in the file.
    double sampleRateHz = 0.0;                     ///< Sample rate of the file.
    std::map<std::string, std::string> attributes; ///< Global SOFA attributes.
};

/// One measurement's share in an interpolated filter.
struct MeasurementWeight
{
    int measurement = -1;
    float weight = 0.0f;
};

/// Up to four measurements (two on each bracketing elevation ring) and their weights.
struct InterpolationWeights
{
    std::array<MeasurementWeight, 4> terms{};
    int count = 0;
};

/// Immutable once loaded; share it between models with shared_ptr<const HrtfSet>.
class HrtfSet
{
public:
    /// The MIT KEMAR set installed by Debian's libmysofa1.
    static std::string defaultPath();

    /// Loads `path` and resamples every IR to `sampleRateHz` (0 keeps the file's rate); a set
    /// loaded before at that rate is read from the user's cache (hrtf_cache.h) instead. Throws
    /// Error with the file name and reason for a missing, unreadable or non-SOFA file, or a SOFA
    /// file of another convention.
    static std::shared_ptr<const HrtfSet> load(const std::string& path, double sampleRateHz = 0.0);
    /// What load() does once libmysofa has read `path` (whose SHA-256 is `sha256`): checks the
    /// convention, the structure and the limits (sofa_limits.h), then builds the set. `hrtf`'s
    /// positions are converted to spherical in place. For load() and the SOFA fuzz targets.
    static std::shared_ptr<const HrtfSet> fromSofa(MYSOFA_HRTF& hrtf, const std::string& path,
                                                   const std::string& sha256, double sampleRateHz);

    const HrtfInfo& info() const { return m_info; }
    int measurementCount() const { return int(m_directions.size()); }
    int irLength() const { return m_irLength; } ///< At sampleRateHz().
    double sampleRateHz() const { return m_sampleRateHz; }
    /// The distance the set was measured at (median SourcePosition radius; 1.4 m for MIT KEMAR):
    /// the reference distance at which a source sounds at its stimulus's level.
    double measurementDistanceM() const { return m_measurementDistanceM; }
    Direction measurementDirection(int measurement) const
    {
        return m_directions[size_t(measurement)];
    }
    /// IR of one measurement for ear 0 = left, 1 = right (irLength() taps).
    const float* impulseResponse(int measurement, int ear) const;

    /// Bilinear weights on the elevation rings of the set; exactly one term of weight 1 at a
    /// measured direction. Elevations beyond the measured range use the nearest ring.
    /// Audio thread; wait-free.
    InterpolationWeights interpolationWeights(const Direction& direction) const noexcept;

    /// The interpolated IR for a direction and ear (irLength() taps; allocates: not for the
    /// audio thread): the neighbours' magnitudes blended with the interpolation weights, made
    /// minimum phase, with its onset at the blend of theirs (hrtf_alignment.h) - no comb
    /// filter, and the ITD moves smoothly. A measured direction (within 1e-6 deg: positions are
    /// floats) gets its measured IR exactly.
    std::vector<float> interpolatedImpulseResponse(const Direction& direction, int ear,
                                                   ImpulseAligner* aligner = nullptr) const;
    /// |spectrum| of a measurement's IR for an ear, as `aligner` (sized for this set) computes
    /// it: what the interpolation blends. Computed for every measurement on first use (27 ms and
    /// 12 MB for MIT KEMAR at 48 kHz), then shared: a table of thousands of interpolated
    /// directions need not transform each neighbour again for each.
    const float* magnitudeSpectrum(int measurement, int ear, ImpulseAligner& aligner) const;
    /// Where a measurement's sound reaches an ear, in frames (impulseOnsetFrames).
    double onsetFrames(int measurement, int ear) const
    {
        return m_onsets[size_t(measurement) * 2 + size_t(ear)];
    }

    /// The cache file (hrtf_cache.h) the set was read from; "" when it was read from its SOFA
    /// file.
    const std::string& cacheFile() const { return m_cacheFile; }

private:
    friend struct HrtfCacheCodec; // reads and writes the members below (hrtf_cache.cpp)
    struct Ring
    {
        double elevationDeg = 0.0;
        std::vector<double> azimuthsDeg; ///< Sorted, in [0, 360).
        std::vector<int> measurements;   ///< Same order as azimuthsDeg.
    };
    /// What interpolation needs, derived from the directions and IRs (after loading or reading
    /// the cache): the elevation rings and the onsets.
    void prepareInterpolation();
    void buildRings();
    void findOnsets();
    int ringWeights(const Ring& ring, double azimuthDeg, float scale,
                    MeasurementWeight* out) const noexcept;

    HrtfInfo m_info;
    double m_sampleRateHz = 0.0;
    double m_measurementDistanceM = 1.4;
    int m_irLength = 0;
    std::vector<Direction> m_directions;
    std::vector<float> m_impulseResponses; ///< measurement-major, then ear, then tap.
    std::vector<Ring> m_rings;             ///< Sorted by elevation.
    std::vector<double> m_onsets;          ///< Per measurement and ear, in frames.
    mutable std::once_flag m_magnitudesOnce;
    mutable std::vector<float> m_magnitudes; ///< Per measurement and ear; magnitudeSpectrum.
    mutable int m_magnitudeBins = 0;
    std::string m_cacheFile;
};

} // namespace stagelab
