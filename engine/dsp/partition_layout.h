#pragma once
/// How partitioned filters and spectra are laid out in memory (uniformly partitioned overlap-save).
///
/// Block of B frames, FFT size 2B, B+1 bins stored as split real/imaginary arrays, each padded to
/// `stride` floats so every array starts 32-byte aligned. A filter for one ear is `partitions`
/// consecutive partitions; each partition is `[re(stride) | im(stride)]`.

#include <cstddef>

namespace stagelab {

/// Sizes shared by everything that touches a partitioned spectrum.
struct PartitionLayout
{
    int blockFrames = 128;
    int partitions = 1;

    int fftSize() const { return 2 * blockFrames; }
    int bins() const { return blockFrames + 1; }
    /// Floats per real or imaginary array, rounded up to a multiple of 8 (32 bytes).
    int stride() const { return (bins() + 7) / 8 * 8; }
    /// Floats in one partition (real + imaginary arrays).
    size_t partitionFloats() const { return 2 * size_t(stride()); }
    /// Floats in a filter for one ear.
    size_t earFloats() const { return partitionFloats() * size_t(partitions); }
    /// Floats in a filter for both ears.
    size_t pairFloats() const { return 2 * earFloats(); }
};

} // namespace stagelab
