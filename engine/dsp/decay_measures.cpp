#include "dsp/decay_measures.h"

#include "dsp/biquad.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stagelab {

std::vector<float> octaveBand(const std::vector<float>& x, double centreHz, double sampleRateHz)
{
    std::vector<float> y = x;
    const double qs[2] = {0.54119610, 1.30656296}; // fourth-order Butterworth sections
    for (double q : qs) {
        Biquad high(
            designBiquad(BiquadType::HighPass, centreHz / std::sqrt(2.0), 0.0, q, sampleRateHz),
            sampleRateHz);
        Biquad low(designBiquad(BiquadType::LowPass,
                                std::min(centreHz * std::sqrt(2.0), 0.45 * sampleRateHz), 0.0, q,
                                sampleRateHz),
                   sampleRateHz);
        high.process(y.data(), int(y.size()));
        low.process(y.data(), int(y.size()));
    }
    return y;
}

double reverberationTimeT20(const std::vector<float>& ir, double sampleRateHz)
{
    std::vector<double> decay(ir.size());
    double sum = 0.0;
    for (size_t i = ir.size(); i-- > 0;) {
        sum += double(ir[i]) * ir[i];
        decay[i] = sum;
    }
    if (ir.empty() || !(sum > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int count = 0;
    bool reached = false;
    for (size_t i = 0; i < decay.size(); ++i) {
        const double db = 10.0 * std::log10(decay[i] / sum);
        if (db > -5.0) continue;
        if (db < -25.0) {
            reached = true;
            break;
        }
        const double t = double(i) / sampleRateHz;
        sx += t;
        sy += db;
        sxx += t * t;
        sxy += t * db;
        ++count;
    }
    if (!reached || count < 2) return std::numeric_limits<double>::quiet_NaN();
    const double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx); // dB per second
    return -60.0 / slope;
}

} // namespace stagelab
