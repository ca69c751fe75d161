#include "dsp/resample.h"

#include "util/error.h"

#include <samplerate.h>

#include <cmath>

namespace stagelab {

namespace {
std::vector<float> convert(const std::vector<float>& input, double ratio, long outputFrames)
{
    std::vector<float> output(size_t(std::max(outputFrames, 1L)), 0.0f);
    SRC_DATA data{};
    data.data_in = input.data();
    data.input_frames = long(input.size());
    data.data_out = output.data();
    data.output_frames = long(output.size());
    data.src_ratio = ratio;
    const int status = src_simple(&data, SRC_SINC_BEST_QUALITY, 1);
    if (status != 0) throw Error(std::string("resampling failed: ") + src_strerror(status));
    output.resize(size_t(data.output_frames_gen));
    output.resize(size_t(outputFrames), 0.0f);
    return output;
}
} // namespace

std::vector<float> resampleSignal(const std::vector<float>& input, double fromHz, double toHz)
{
    if (fromHz == toHz || input.empty()) return input;
    const double ratio = toHz / fromHz;
    return convert(input, ratio, std::lround(double(input.size()) * ratio));
}

std::vector<float> resampleImpulseResponse(const std::vector<float>& impulseResponse, double fromHz,
                                           double toHz)
{
    if (fromHz == toHz || impulseResponse.empty()) return impulseResponse;
    const double ratio = toHz / fromHz;
    // Zero padding lets the interpolation filter's ringing at the end of the response through.
    std::vector<float> padded(impulseResponse);
    padded.resize(impulseResponse.size() + 64, 0.0f);
    std::vector<float> output =
        convert(padded, ratio, long(std::ceil(double(impulseResponse.size()) * ratio)));
    const float scale = float(fromHz / toHz);
    for (float& sample : output)
        sample *= scale;
    return output;
}

} // namespace stagelab
