#pragma once
/// One feedback delay network (Jot & Chaigne 1991): 16 or 64 delay lines fed back through an
/// orthogonal (Hadamard) matrix, each line attenuated per pass so that the energy in the
/// network falls 60 dB in the band's reverberation time whatever path it takes. Run once per
/// octave band with frequency-independent gains, every mode of a band decays at that band's
/// rate.

#include "dsp/biquad.h"
#include "render/prepared_room.h"

#include <vector>

namespace stagelab {

/// An eighth-order Butterworth crossover: sections 0-3 the low pass, 4-7 the high pass. A low
/// and a high pass of the same order and frequency are power complementary (|L|^2 + |H|^2 = 1),
/// and the bands' tails are mutually incoherent, so their powers add back to the send's
/// spectrum; 48 dB per octave keeps a band that rings longer out of its neighbour's octave.
std::array<Biquad, 8> crossoverSections(double frequencyHz, double sampleRateHz);

/// Splits a block into the octave bands of a room: band b is the low pass of crossover b of what
/// the crossovers below it passed on (the last band is what remains). Audio thread; wait-free.
void splitBand(std::vector<std::array<Biquad, 8>>& crossovers, int band, float* remaining,
               float* bandOut, int frames) noexcept;

class BandNetwork
{
public:
    /// Allocates the lines (off the audio thread).
    explicit BandNetwork(const BandNetworkDesign& design);

    /// Feeds `input` (frames samples) and writes the output into `output`. Audio thread;
    /// wait-free.
    void process(const float* input, float* output, int frames) noexcept;

private:
    void processChunk(const float* input, float* output, int frames) noexcept;

    static constexpr int maximumLines = BandNetworkDesign::maximumLines;
    /// Frames processed at once: no more than the shortest line, so every sample a chunk reads
    /// was written before it (the lines are read, mixed and written a chunk at a time, each step
    /// a loop over frames the compiler vectorises).
    static constexpr int maximumChunk = 256;
    int m_count;
    int m_chunk;
    float m_scale; // 1 / sqrt(lines): makes the Hadamard matrix and the taps orthonormal
    std::array<float, maximumLines> m_gains{};
    std::array<int, maximumLines> m_delays{};
    std::array<int, maximumLines> m_positions{};
    std::array<float*, maximumLines> m_lines{};
    std::vector<float> m_storage;
    std::vector<float> m_outputs; // [line][chunk]
};

} // namespace stagelab
