#include "audio/audio_output.h"
#include "audio/audio_thread_priority.h"
#include "cli/commands.h"
#include "render/offline_render.h"
#include "render/renderer.h"
#include "render/sphere_table.h"
#include "session/trial_reproduction.h"
#include "tracking/osc_head_tracker.h"
#include "util/error.h"
#include "util/number_format.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <thread>

namespace stagelab::cli {

namespace {
std::atomic<bool> g_interrupted{false};

void onInterrupt(int)
{
    g_interrupted = true;
}

void describeScene(const SceneSpec& spec, const SceneOptions& options)
{
    std::cerr << "Rendering " << spec.sources.size() << " source(s) through model '"
              << options.model << "'";
    if (auto hrtf = spec.model->hrtf()) std::cerr << " with HRTF '" << hrtf->info().name << "'";
    std::cerr << " at " << options.sampleRateHz << " Hz, block " << options.blockFrames
              << " frames\n";
}
} // namespace

int render(const RenderOptions& options)
{
    if (!options.session.empty() || options.trial) {
        if (options.session.empty() || !options.trial)
            throw UsageError("--session and --trial go together: render --session FILE --trial "
                             "N -o OUT.wav");
        if (options.sceneOptionsGiven)
            throw UsageError("--session renders a trial as it was recorded: the scene options "
                             "(--model, --source, --stimulus, ...) do not apply");
        const ReproducedTrial trial = reproduceTrial(options.session, *options.trial);
        for (const std::string& note : trial.notes)
            std::cerr << "note: " << note << "\n";
        std::cerr << "Rendering " << trial.description << "\n";
        const int64_t frames =
            renderToFile(trial.scene, trial.sampleRateHz, options.output, &trial.output);
        std::cerr << "Wrote " << std::filesystem::absolute(options.output).string() << " ("
                  << double(frames) / trial.sampleRateHz << " s, stereo)\n";
        return 0;
    }
    const SceneSpec spec = buildScene(options.scene);
    describeScene(spec, options.scene);
    const int64_t frames = renderToFile(spec, options.scene.sampleRateHz, options.output);
    std::cerr << "Wrote " << std::filesystem::absolute(options.output).string() << " ("
              << double(frames) / options.scene.sampleRateHz << " s, stereo)\n";
    return 0;
}

int play(PlayOptions options)
{
    const bool demo = !options.scene.singleGiven && options.scene.sources.empty();
    if (demo) {
        const SceneOptions defaults = options.scene;
        options.scene = demoScene();
        options.scene.model = defaults.model;
        options.scene.hrtf = defaults.hrtf;
        options.scene.sampleRateHz = defaults.sampleRateHz;
        options.scene.blockFrames = defaults.blockFrames;
        options.scene.room = defaults.room;
        options.scene.propagationDelay = defaults.propagationDelay;
        if (defaults.durationS) options.scene.durationS = defaults.durationS;
        std::cerr
            << "Demo: an acoustic guitar circling your head (45 deg/s, counter-clockwise seen "
               "from above), "
            << *options.scene.durationS << " s. Use headphones.\n";
    }
    SceneSpec spec = buildScene(options.scene);
    spec.headTracking = !options.headTrackerPort.empty();
    validateScene(spec); // a model or room head tracking cannot follow: said before anything
    describeScene(spec, options.scene);
    Renderer renderer(options.scene.sampleRateHz, options.scene.blockFrames);
    std::unique_ptr<OscHeadTracker> tracker;
    if (spec.headTracking) {
        tracker =
            std::make_unique<OscHeadTracker>(options.trackerAxes.settings(options.headTrackerPort));
        renderer.setHeadSource(tracker->orientationSource());
        std::cerr << "Head tracker on UDP port " << tracker->port()
                  << ": the scene stays put while your head turns.\n";
    }
    std::unique_ptr<AudioOutput> output;
    try {
        output = std::make_unique<AudioOutput>(
            renderer, AudioOutputSettings{options.device, options.bufferFrames});
    } catch (const Error& error) {
        // Without a device the demo is still worth having: as a file, said loudly.
        if (!options.fallback || !options.device.empty()) throw;
        std::cerr << "No audio output: " << error.what() << "\n";
        const int64_t frames =
            renderToFile(spec, options.scene.sampleRateHz, options.fallbackOutput);
        std::cerr << "Rendered to " << std::filesystem::absolute(options.fallbackOutput).string()
                  << " instead (" << double(frames) / options.scene.sampleRateHz
                  << " s) - play it with any audio player.\n";
        return 0;
    }
    // Made before the device starts: a tracked head's sphere table takes seconds the first time.
    if (spec.headTracking) std::cerr << "Preparing the filters for every head direction...\n";
    const auto started = std::chrono::steady_clock::now();
    auto scene = std::make_unique<Scene>(spec, options.scene.sampleRateHz, 1);
    if (const auto sphere = spec.headTracking ? SphereTable::of(*spec.model) : nullptr)
        std::cerr << "Sphere table: " << sphere->entries() << " directions, "
                  << std::lround(double(sphere->bytes()) / 1e6) << " MB ("
                  << formatNumberFixed(
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                             .count(),
                         1)
                  << " s to prepare).\n";
    std::cerr << "Playing on " << output->deviceId() << " (" << output->deviceName() << "), buffer "
              << output->bufferFrames() << " frames. Ctrl-C stops.\n";
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    output->start();
    renderer.startScene(std::move(scene), renderer.currentFrame() + 2 * options.scene.blockFrames);
    int lateCallbacks = 0, underruns = 0;
    bool stopping = false;
    for (bool ended = false; !ended;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        RenderEvent event;
        while (renderer.pollEvent(event)) {
            lateCallbacks += event.type == RenderEvent::Type::LateCallback;
            underruns += event.type == RenderEvent::Type::Underrun;
            ended = ended || event.type == RenderEvent::Type::End;
        }
        if (const std::string failure = output->failure(); !failure.empty()) {
            output->stop();
            std::cerr << "error: " << failure << "; playback stopped after "
                      << double(renderer.currentFrame()) / options.scene.sampleRateHz << " s\n";
            return 1;
        }
        if (g_interrupted && !stopping) {
            renderer.stopAll(renderer.currentFrame());
            stopping = true;
        }
    }
    // Let the device play out what is already buffered before closing it.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    output->stop();
    std::cerr << "Played " << double(renderer.currentFrame()) / options.scene.sampleRateHz
              << " s; late callbacks: " << lateCallbacks << ", underruns: " << underruns << "\n";
    // What decides whether a buffer size holds: the audio thread's time per callback against the
    // audio each callback makes (scripts/soak.sh reads this line).
    const CallbackLoad& load = output->callbackLoad();
    const double periodMs = 1000.0 * output->bufferFrames() / options.scene.sampleRateHz;
    std::cerr << std::fixed << std::setprecision(1) << "Audio thread: " << load.count()
              << " callbacks of " << std::setprecision(2) << periodMs << " ms; block time p50 "
              << std::setprecision(1) << 100.0 * load.percentile(0.5) << " %, p99 "
              << 100.0 * load.percentile(0.99) << " %, p99.9 " << 100.0 * load.percentile(0.999)
              << " %, max " << 100.0 * load.maximum() << " % of the period\n"
              << std::defaultfloat << "Audio thread scheduling: "
              << describeAudioThreadScheduling(output->audioThreadScheduling()) << "\n";
    if (tracker) {
        const HeadTrackerCounts counts = tracker->counts();
        const HeadOrientation head = renderer.renderedHead();
        std::cerr << "Head tracker: " << counts.accepted << " orientations taken, "
                  << counts.unknown + counts.wrongTypes + counts.badValues + counts.malformed
                  << " refused; the last block heard the head at yaw " << head.yawDeg << ", pitch "
                  << head.pitchDeg << ", roll " << head.rollDeg << " deg\n";
    }
    return 0;
}

} // namespace stagelab::cli
