#include "spatial/sofa_limits.h"

#include "util/error.h"
#include "util/number_format.h"

#include <mysofa.h>

#include <cmath>

namespace stagelab {

void checkSofaLimits(const MYSOFA_HRTF& hrtf, const std::string& path)
{
    const std::string file = "HRTF file '" + path + "': ";
    if (hrtf.M > maximumHrtfMeasurements)
        throw Error(file + std::to_string(hrtf.M) + " measurements (M); at most " +
                    std::to_string(maximumHrtfMeasurements) + " are read");
    if (hrtf.N > maximumHrtfLength)
        throw Error(file + "impulse responses of " + std::to_string(hrtf.N) +
                    " samples (N); at most " + std::to_string(maximumHrtfLength) + " are read");
    const double rate = hrtf.DataSamplingRate.elements > 0 ? hrtf.DataSamplingRate.values[0] : 0;
    if (!(rate >= minimumHrtfRateHz && rate <= maximumHrtfRateHz))
        throw Error(file + "Data.SamplingRate " + formatNumber(rate) + " Hz is outside [" +
                    formatNumber(minimumHrtfRateHz) + ", " + formatNumber(maximumHrtfRateHz) +
                    "] Hz");
    const double maximumDelay = maximumHrtfDelayS * rate;
    for (unsigned i = 0; i < hrtf.DataDelay.elements; ++i) {
        const double delay = hrtf.DataDelay.values[i];
        if (!(delay >= 0.0 && delay <= maximumDelay))
            throw Error(file + "Data.Delay[" + std::to_string(i) + "] = " + formatNumber(delay) +
                        " samples is outside [0, " + formatNumber(maximumDelay) + "] (0 to " +
                        formatNumber(maximumHrtfDelayS * 1000.0) + " ms)");
    }
    for (unsigned i = 0; i < hrtf.DataIR.elements; ++i)
        if (!std::isfinite(hrtf.DataIR.values[i])) {
            const unsigned n = hrtf.N ? i % hrtf.N : 0, pair = hrtf.N ? i / hrtf.N : 0;
            throw Error(file + "Data.IR holds " + formatNumber(hrtf.DataIR.values[i]) +
                        " (measurement " + std::to_string(pair / 2) + ", receiver " +
                        std::to_string(pair % 2) + ", sample " + std::to_string(n) + ")");
        }
}

} // namespace stagelab
