#pragma once
/// A model's ear filters as impulse responses, and its response to a diffuse sound field: what
/// rooms need to render reflections and a late tail through any model (off the audio thread).

#include "spatial/spatial_model.h"

#include <array>
#include <memory>
#include <vector>

namespace stagelab {

/// The model's left and right ear impulse responses for a direction (layout().partitions *
/// blockFrames taps each): its earImpulseResponses, else its partitioned spectra transformed
/// back to time.
class EarResponses
{
public:
    explicit EarResponses(const SpatialModel& model);
    ~EarResponses();
    int taps() const { return m_taps; }
    /// Valid until the next call.
    const std::array<std::vector<float>, 2>& at(const Direction& direction);

private:
    struct Workspace;
    const SpatialModel& m_model;
    int m_taps;
    std::unique_ptr<Workspace> m_workspace;
    std::array<std::vector<float>, 2> m_ears;
};

/// The model's ears in a diffuse field: the power of each ear and the interaural coherence,
/// averaged over directions spread evenly on the sphere, per FFT bin.
struct DiffuseFieldResponse
{
    int fftSize = 0;
    double sampleRateHz = 0;
    std::vector<double> powerLeft, powerRight; ///< Mean |H|^2 per bin.
    std::vector<double> coherence;             ///< Re(mean H_L H_R*) / sqrt(P_L P_R), per bin.
};
/// `directions` points of a Fibonacci lattice (even spacing on the sphere, so every direction
/// counts for the same solid angle; a set without measurements below -40 deg repeats its lowest
/// ring there, as its interpolation does).
DiffuseFieldResponse diffuseFieldResponse(const SpatialModel& model, double sampleRateHz,
                                          int directions = 1024);

} // namespace stagelab
