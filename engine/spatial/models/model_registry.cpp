#include "spatial/model_variant.h"
#include "spatial/models/models.h"
#include "util/error.h"

#include <functional>

namespace stagelab {

namespace {
struct Entry
{
    ModelDescription description;
    std::function<std::shared_ptr<const SpatialModel>(const ModelSettings&)> make;
    bool needsHrtf;
};

const std::vector<Entry>& registry()
{
    static const std::vector<Entry> entries = {
        {{"hrtf", "Binaural rendering through a SOFA HRTF set (default MIT KEMAR), bilinearly "
                  "interpolated between measured directions. Keeps ITD, ILD and the pinna's "
                  "spectral cues of the measured head; drops head movement and individual fit."},
         models::makeHrtfModel,
         true},
        {{"spherical-head",
          "Rigid sphere (Woodworth ITD, Brown-Duda one-pole head-shadow filter, head radius a "
          "parameter). Keeps ITD and a smooth ILD; drops pinna cues, so front/back and "
          "elevation are ambiguous."},
         models::makeSphericalHeadModel,
         false},
        {{"stereo-pan", "Constant-power amplitude panning over a +-30 deg stereo base, played "
                        "straight to the ears. Keeps only an ILD (no ITD, no spectral cues); "
                        "sources beyond +-30 deg lateral sit at a speaker, inside the head."},
         models::makeStereoPanModel,
         false},
        {{"crossfeed", "stereo-pan through Bauer crossfeed (libbs2b, 700 Hz / 4.5 dB): some "
                       "low-frequency signal reaches the far ear a little later, narrowing and "
                       "externalising the stage a little. No pinna cues."},
         models::makeCrossfeedModel,
         false},
        {{"virtual-speakers",
          "A stereo loudspeaker pair at +-theta (default 30 deg, 2 m) in a shoebox room with "
          "image-source early reflections, rendered through the HRTF set; sources are "
          "constant-power panned between the speakers. Keeps what stereo speakers give: "
          "phantom images, crosstalk, room; drops direct 3-D placement."},
         models::makeVirtualSpeakersModel,
         true},
        {{"diotic", "The same signal in both ears: no spatial cue at all (the control "
                    "condition); every source is heard in the middle of the head."},
         models::makeDioticModel,
         false},
    };
    return entries;
}
} // namespace

const std::vector<ModelDescription>& modelDescriptions()
{
    static const std::vector<ModelDescription> descriptions = [] {
        std::vector<ModelDescription> list;
        for (const Entry& entry : registry())
            list.push_back(entry.description);
        return list;
    }();
    return descriptions;
}

std::shared_ptr<const SpatialModel> createModel(const std::string& name, ModelSettings settings)
{
    if (!(settings.sampleRateHz >= 8000.0 && settings.sampleRateHz <= 384000.0))
        throw Error("sample rate " + std::to_string(settings.sampleRateHz) +
                    " Hz is outside 8000..384000 Hz");
    if (settings.blockFrames < 16 || settings.blockFrames > 8192 ||
        (settings.blockFrames & (settings.blockFrames - 1)) != 0)
        throw Error("block size " + std::to_string(settings.blockFrames) +
                    " frames must be a power of two between 16 and 8192");
    for (const Entry& entry : registry()) {
        if (entry.description.name != name) continue;
        if (entry.needsHrtf && !settings.hrtf)
            settings.hrtf = HrtfSet::load(settings.hrtfPath.empty() ? HrtfSet::defaultPath()
                                                                    : settings.hrtfPath,
                                          settings.sampleRateHz);
        if (entry.needsHrtf && settings.hrtf->sampleRateHz() != settings.sampleRateHz)
            throw Error("the HRTF set was loaded at " +
                        std::to_string(settings.hrtf->sampleRateHz()) + " Hz, the model runs at " +
                        std::to_string(settings.sampleRateHz) + " Hz");
        return entry.make(settings);
    }
    throw Error("unknown model '" + name + "' (known models: " + knownModelNames() + ")");
}

} // namespace stagelab
