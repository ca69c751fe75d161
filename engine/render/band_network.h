#pragma once
/// One feedback delay network (Jot & Chaigne 1991): 16 delay lines fed back through an
/// orthogonal (Hadamard) matrix, each line attenuated per pass so that the energy in the
/// network falls 60 dB in the band's reverberation time whatever path it takes. Run once per
/// octave band, its gains frequency-independent, the decay in each band is exact by
/// construction. Two orthogonal output taps give two uncorrelated signals.

#include "render/prepared_room.h"

#include <vector>

namespace stagelab {

class BandNetwork
{
public:
    /// Allocates the lines (off the audio thread).
    explicit BandNetwork(const BandNetworkDesign& design);

    /// Feeds `input` (frames samples) and adds the two outputs, scaled by `outputGain`, into
    /// `first` and `second`. Audio thread; wait-free.
    void process(const float* input, float* first, float* second, int frames,
                 float outputGain) noexcept;

private:
    static constexpr int lines = BandNetworkDesign::lines;
    std::array<float, lines> m_gains{};
    std::array<int, lines> m_delays{};
    std::array<int, lines> m_positions{};
    std::array<float*, lines> m_lines{};
    std::vector<float> m_storage;
};

} // namespace stagelab
