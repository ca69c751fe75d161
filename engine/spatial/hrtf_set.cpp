#include "spatial/hrtf_set.h"

#include "dsp/resample.h"
#include "spatial/hrtf_alignment.h"
#include "spatial/hrtf_cache.h"
#include "spatial/sofa_limits.h"
#include "util/error.h"
#include "util/isolated_call.h"
#include "util/sha256.h"

#include <mysofa.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <optional>

namespace stagelab {

namespace {

/// How close to a measured direction a query counts as on it.
constexpr double onMeasurementDeg = 1e-6;

std::string mysofaReason(int code)
{
    switch (code) {
    case MYSOFA_INVALID_FORMAT:
        return "not a SOFA (HDF5/netCDF-4) file";
    case MYSOFA_UNSUPPORTED_FORMAT:
        return "unsupported HDF5 feature in the file";
    case MYSOFA_NO_MEMORY:
        return "out of memory while reading";
    case MYSOFA_READ_ERROR:
        return "read error (file truncated or unreadable)";
    case MYSOFA_INVALID_ATTRIBUTES:
        return "missing or invalid SOFA attributes";
    case MYSOFA_INVALID_DIMENSIONS:
        return "invalid SOFA dimensions";
    case MYSOFA_INVALID_DIMENSION_LIST:
        return "invalid SOFA dimension list";
    case MYSOFA_INVALID_COORDINATE_TYPE:
        return "invalid coordinate type";
    case MYSOFA_ONLY_EMITTER_WITH_ECI_SUPPORTED:
        return "only one emitter is supported";
    case MYSOFA_ONLY_DELAYS_WITH_IR_OR_MR_SUPPORTED:
        return "unsupported Data.Delay dimensions";
    case MYSOFA_ONLY_THE_SAME_SAMPLING_RATE_SUPPORTED:
        return "more than one sampling rate";
    case MYSOFA_RECEIVERS_WITH_RCI_SUPPORTED:
        return "receivers must be two ears";
    case MYSOFA_RECEIVERS_WITH_CARTESIAN_SUPPORTED:
        return "receiver positions must be cartesian";
    case MYSOFA_INVALID_RECEIVER_POSITIONS:
        return "invalid receiver (ear) positions";
    case MYSOFA_ONLY_SOURCES_WITH_MC_SUPPORTED:
        return "unsupported source positions";
    default:
        return "libmysofa error " + std::to_string(code);
    }
}

using SofaHandle = std::unique_ptr<MYSOFA_HRTF, void (*)(MYSOFA_HRTF*)>;

std::string attribute(MYSOFA_HRTF* hrtf, const char* name)
{
    const char* value = mysofa_getAttribute(hrtf->attributes, const_cast<char*>(name));
    return value ? value : "";
}

// Azimuths computed from cartesian coordinates come back as 29.9999981; snap them so that a query
// at the nominal angle hits the measurement exactly.
double snapDeg(double value)
{
    return std::round(value * 1e4) / 1e4;
}

/// libmysofa 1.3.1 loops forever on some damaged files (found by fuzzing: an fseek loop in its
/// HDF5 reader) and allocates whatever a file's sizes ask for. So it first reads the file in a
/// child process, with a deadline (5 s, and 1 s more per 10 MB) and 4 GiB of memory; only a
/// file it finishes reading there is read here. Costs one more read and a fork (0.1 s for MIT
/// KEMAR).
void probeWithLibmysofa(const std::string& path)
{
    std::error_code error;
    const uintmax_t bytes = std::filesystem::file_size(path, error);
    const double deadlineS = 5.0 + (error ? 0.0 : double(bytes) / 10e6);
    // The child's answer in an exit code: 0 read, 1 + (status - MYSOFA_INVALID_FORMAT) for
    // libmysofa's own refusals, 255 for anything else.
    const IsolatedOutcome outcome = runIsolated(
        [&] {
            int status = MYSOFA_OK;
            MYSOFA_HRTF* hrtf = mysofa_load(path.c_str(), &status);
            if (hrtf) mysofa_free(hrtf);
            if (hrtf && status == MYSOFA_OK) return 0;
            const int code = status - MYSOFA_INVALID_FORMAT;
            return code >= 0 && code < 200 ? 1 + code : 255;
        },
        deadlineS, size_t(4) << 30);
    using Ending = IsolatedOutcome::Ending;
    if (outcome.ending == Ending::TimedOut)
        throw Error("HRTF file '" + path +
                    "' cannot be read: libmysofa did not finish reading it within " +
                    std::to_string(std::llround(deadlineS)) + " s (the file is likely damaged)");
    // A refusal in the child (out of its memory budget, too) is not read again here, where
    // nothing limits it.
    if (outcome.ending == Ending::Returned && outcome.value != 0)
        throw Error("HRTF file '" + path + "' cannot be read: " +
                    (outcome.value < 255 ? mysofaReason(MYSOFA_INVALID_FORMAT + outcome.value - 1)
                                         : std::string("libmysofa refused it")));
    if (outcome.ending == Ending::Crashed)
        throw Error("HRTF file '" + path + "' cannot be read: libmysofa failed on it (signal " +
                    std::to_string(outcome.value) +
                    "; the file is damaged or needs more than 4 GiB)");
    // CouldNotStart (no process to spare, or no way to wait for one): read it here, as before.
}

} // namespace

std::string HrtfSet::defaultPath()
{
    return "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa";
}

std::shared_ptr<const HrtfSet> HrtfSet::load(const std::string& path, double sampleRateHz)
{
    std::error_code ignored;
    if (!std::filesystem::is_regular_file(path, ignored))
        throw Error("HRTF file '" + path + "' does not exist or is not a regular file");
    const std::string sha256 = sha256OfFile(path);
    const std::string cacheFolder = hrtfCacheFolder();
    const std::string cachePath =
        cacheFolder.empty() ? std::string() : hrtfCachePath(cacheFolder, sha256, sampleRateHz);
    if (auto cached = readHrtfCache(cachePath, path, sha256, sampleRateHz)) return cached;
    probeWithLibmysofa(path);
    int status = MYSOFA_OK;
    SofaHandle hrtf(mysofa_load(path.c_str(), &status), &mysofa_free);
    if (!hrtf || status != MYSOFA_OK)
        throw Error("HRTF file '" + path + "' cannot be read: " + mysofaReason(status));
    auto set = fromSofa(*hrtf, path, sha256, sampleRateHz);
    if (!cachePath.empty()) writeHrtfCache(cachePath, *set, sampleRateHz);
    return set;
}

std::shared_ptr<const HrtfSet> HrtfSet::fromSofa(MYSOFA_HRTF& sofa, const std::string& path,
                                                 const std::string& sha256, double sampleRateHz)
{
    MYSOFA_HRTF* hrtf = &sofa;
    const std::string convention = attribute(hrtf, "SOFAConventions");
    if (convention != "SimpleFreeFieldHRIR")
        throw Error("HRTF file '" + path + "' uses the SOFA convention '" + convention +
                    "'; Stagelab reads SimpleFreeFieldHRIR HRTF sets");
    if (int check = mysofa_check(hrtf); check != MYSOFA_OK)
        throw Error("HRTF file '" + path +
                    "' is not a valid SimpleFreeFieldHRIR set: " + mysofaReason(check));
    if (hrtf->R != 2 || hrtf->M == 0 || hrtf->N == 0)
        throw Error("HRTF file '" + path + "' must hold two receivers (ears) and at least one IR");
    checkSofaLimits(*hrtf, path); // before anything is allocated from its values
    mysofa_tospherical(hrtf);

    auto set = std::shared_ptr<HrtfSet>(new HrtfSet());
    HrtfInfo& info = set->m_info;
    info.file = std::filesystem::absolute(path).string();
    info.sha256 = sha256;
    info.measurements = int(hrtf->M);
    info.irLength = int(hrtf->N);
    info.sampleRateHz = hrtf->DataSamplingRate.values[0];
    for (auto* a = hrtf->attributes; a; a = a->next)
        if (a->name && a->value) info.attributes[a->name] = a->value;
    info.name = attribute(hrtf, "Title");
    if (info.name.empty()) info.name = attribute(hrtf, "DatabaseName");
    if (info.name.empty()) info.name = std::filesystem::path(path).stem().string();
    if (!(info.sampleRateHz > 0.0))
        throw Error("HRTF file '" + path + "' has an invalid Data.SamplingRate");

    const double targetRate = sampleRateHz > 0.0 ? sampleRateHz : info.sampleRateHz;
    const unsigned delayCount = hrtf->DataDelay.elements;
    set->m_sampleRateHz = targetRate;
    set->m_directions.resize(hrtf->M);
    std::vector<std::vector<float>> responses(size_t(hrtf->M) * 2);
    std::vector<double> radii;
    for (unsigned m = 0; m < hrtf->M; ++m) {
        const float* position = hrtf->SourcePosition.values + 3 * m;
        if (std::isfinite(position[2]) && position[2] > 0.0f) radii.push_back(position[2]);
        set->m_directions[m] = {wrapAzimuthDeg(snapDeg(position[0])), snapDeg(position[1])};
        for (unsigned ear = 0; ear < 2; ++ear) {
            // Receiver 0 is the left ear: mysofa_check refuses a set whose receiver 0 is not at
            // +y (MYSOFA_INVALID_RECEIVER_POSITIONS, "invalid receiver (ear) positions").
            const unsigned receiver = ear;
            const float* source = hrtf->DataIR.values + (size_t(m) * 2 + receiver) * hrtf->N;
            // Data.Delay (in samples at the file's rate) is folded into the IR as whole samples.
            const unsigned delayIndex = delayCount == 2 ? receiver : 2 * m + receiver;
            const int delay = delayCount >= 2 && delayIndex < delayCount
                                  ? int(std::lround(hrtf->DataDelay.values[delayIndex]))
                                  : 0;
            std::vector<float> ir(size_t(std::max(delay, 0)), 0.0f);
            ir.insert(ir.end(), source, source + hrtf->N);
            responses[size_t(m) * 2 + ear] =
                resampleImpulseResponse(ir, info.sampleRateHz, targetRate);
        }
    }
    size_t length = 0;
    for (const auto& ir : responses)
        length = std::max(length, ir.size());
    set->m_irLength = int(length);
    set->m_impulseResponses.assign(responses.size() * length, 0.0f);
    for (size_t i = 0; i < responses.size(); ++i)
        std::copy(responses[i].begin(), responses[i].end(),
                  set->m_impulseResponses.begin() + i * length);
    // The median radius: sets measured on one sphere (nearly all) give that sphere's radius; a
    // set without usable radii is taken to be measured at 1.4 m, MIT KEMAR's distance.
    if (!radii.empty()) {
        std::nth_element(radii.begin(), radii.begin() + long(radii.size() / 2), radii.end());
        // SOFA stores positions as floats (1.4 reads back as 1.39999998): keep 0.1 mm.
        set->m_measurementDistanceM = std::round(radii[radii.size() / 2] * 1e4) / 1e4;
    }
    set->prepareInterpolation();
    return set;
}

const float* HrtfSet::impulseResponse(int measurement, int ear) const
{
    return m_impulseResponses.data() + (size_t(measurement) * 2 + size_t(ear)) * size_t(m_irLength);
}

void HrtfSet::prepareInterpolation()
{
    buildRings();
    findOnsets();
}

void HrtfSet::findOnsets()
{
    m_onsets.resize(m_directions.size() * 2);
    for (size_t r = 0; r < m_onsets.size(); ++r)
        m_onsets[r] = impulseOnsetFrames(m_impulseResponses.data() + r * size_t(m_irLength),
                                         m_irLength, m_sampleRateHz);
}

void HrtfSet::buildRings()
{
    std::map<double, Ring> rings;
    for (size_t m = 0; m < m_directions.size(); ++m) {
        Ring& ring = rings[m_directions[m].elevationDeg];
        ring.elevationDeg = m_directions[m].elevationDeg;
        ring.azimuthsDeg.push_back(m_directions[m].azimuthDeg);
        ring.measurements.push_back(int(m));
    }
    for (auto& entry : rings) {
        // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
        const double elevation = entry.first;
        Ring& ring = entry.second;
        std::vector<size_t> order(ring.azimuthsDeg.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return ring.azimuthsDeg[a] < ring.azimuthsDeg[b]; });
        Ring sorted{elevation, {}, {}};
        for (size_t i : order) {
            // Duplicate directions (some sets measure a pole twice) keep the first measurement.
            if (!sorted.azimuthsDeg.empty() && sorted.azimuthsDeg.back() == ring.azimuthsDeg[i])
                continue;
            sorted.azimuthsDeg.push_back(ring.azimuthsDeg[i]);
            sorted.measurements.push_back(ring.measurements[i]);
        }
        m_rings.push_back(std::move(sorted));
    }
}

int HrtfSet::ringWeights(const Ring& ring, double azimuthDeg, float scale,
                         MeasurementWeight* out) const noexcept
{
    const auto& azimuths = ring.azimuthsDeg;
    const size_t count = azimuths.size();
    // A ring of one point (a pole) or an elevation measured at one azimuth only.
    if (count == 1) {
        out[0] = {ring.measurements[0], scale};
        return 1;
    }
    // First azimuth greater than the query; the bracketing pair wraps around 360.
    const size_t upper =
        size_t(std::upper_bound(azimuths.begin(), azimuths.end(), azimuthDeg) - azimuths.begin());
    const size_t lowerIndex = upper == 0 ? count - 1 : upper - 1;
    const size_t upperIndex = upper == count ? 0 : upper;
    const double lowerAzimuth = azimuths[lowerIndex];
    double span = azimuths[upperIndex] - lowerAzimuth;
    double offset = azimuthDeg - lowerAzimuth;
    if (span <= 0.0) span += 360.0;
    if (offset < 0.0) offset += 360.0;
    // Within onMeasurementDeg of a measurement is that measurement (a direction computed as
    // 15 deg, from a position, may come out 1e-7 off it).
    if (offset < onMeasurementDeg || span - offset < onMeasurementDeg) {
        out[0] = {ring.measurements[offset < onMeasurementDeg ? lowerIndex : upperIndex], scale};
        return 1;
    }
    const float fraction = float(offset / span);
    out[0] = {ring.measurements[lowerIndex], scale * (1.0f - fraction)};
    out[1] = {ring.measurements[upperIndex], scale * fraction};
    return 2;
}

InterpolationWeights HrtfSet::interpolationWeights(const Direction& direction) const noexcept
{
    InterpolationWeights result;
    const double azimuth = wrapAzimuthDeg(direction.azimuthDeg);
    const double elevation = direction.elevationDeg;
    // First ring above the query elevation.
    size_t upper = 0;
    while (upper < m_rings.size() && m_rings[upper].elevationDeg <= elevation)
        ++upper;
    if (upper == 0 || upper == m_rings.size()) {
        const Ring& nearest = m_rings[upper == 0 ? 0 : m_rings.size() - 1];
        result.count = ringWeights(nearest, azimuth, 1.0f, result.terms.data());
        return result;
    }
    const Ring& below = m_rings[upper - 1];
    const Ring& above = m_rings[upper];
    if (elevation - below.elevationDeg < onMeasurementDeg ||
        above.elevationDeg - elevation < onMeasurementDeg) {
        const Ring& ring = elevation - below.elevationDeg < onMeasurementDeg ? below : above;
        result.count = ringWeights(ring, azimuth, 1.0f, result.terms.data());
        return result;
    }
    const float fraction =
        float((elevation - below.elevationDeg) / (above.elevationDeg - below.elevationDeg));
    result.count = ringWeights(below, azimuth, 1.0f - fraction, result.terms.data());
    if (fraction > 0.0f)
        result.count += ringWeights(above, azimuth, fraction, result.terms.data() + result.count);
    return result;
}

std::vector<float> HrtfSet::interpolatedImpulseResponse(const Direction& direction, int ear,
                                                        ImpulseAligner* aligner) const
{
    const InterpolationWeights weights = interpolationWeights(direction);
    const MeasurementWeight& first = weights.terms[0];
    if (weights.count == 1 && first.weight == 1.0f) {
        const float* measured = impulseResponse(first.measurement, ear);
        return {measured, measured + m_irLength};
    }
    std::optional<ImpulseAligner> own;
    if (!aligner) aligner = &own.emplace(m_irLength, m_sampleRateHz);
    const float* magnitudes[4];
    float factors[4];
    double onset = 0.0;
    for (int t = 0; t < weights.count; ++t) {
        const MeasurementWeight& term = weights.terms[size_t(t)];
        magnitudes[t] = magnitudeSpectrum(term.measurement, ear, *aligner);
        factors[t] = term.weight;
        onset += double(term.weight) * onsetFrames(term.measurement, ear);
    }
    std::vector<float> ir(static_cast<size_t>(m_irLength));
    aligner->blendMinimumPhase(magnitudes, factors, weights.count, onset, ir.data(), m_irLength);
    return ir;
}

const float* HrtfSet::magnitudeSpectrum(int measurement, int ear, ImpulseAligner& aligner) const
{
    std::call_once(m_magnitudesOnce, [&] {
        m_magnitudeBins = aligner.bins();
        m_magnitudes.resize(m_directions.size() * 2 * size_t(m_magnitudeBins));
        for (size_t m = 0; m < m_directions.size(); ++m)
            for (int e = 0; e < 2; ++e)
                aligner.magnitudeSpectrum(impulseResponse(int(m), e), m_irLength,
                                          m_magnitudes.data() +
                                              (m * 2 + size_t(e)) * size_t(m_magnitudeBins));
    });
    if (aligner.bins() != m_magnitudeBins)
        throw Error("an impulse aligner for another size than the HRTF set's was given");
    return m_magnitudes.data() + (size_t(measurement) * 2 + size_t(ear)) * size_t(m_magnitudeBins);
}

} // namespace stagelab
