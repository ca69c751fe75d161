// virtual-speakers: a stereo pair at +-theta in a shoebox room, heard through the HRTF set.
// Sources are constant-power panned between the speakers, so an ear filter is a gain-weighted
// sum of two precomputed speaker responses. The responses come from one of two rooms:
//  - a room given to the model (ModelSettings::speakerRoom, prepared by the render layer: the
//    room's image sources with per-band walls and air, and its late tail in the scene);
//  - else the built-in room: the direct sound plus image sources up to the chosen reflection
//    order (Allen & Berkley), each an interpolated HRIR delayed by its extra path and attenuated
//    by 1/r and by frequency-independent walls, no tail. It is kept exactly as it always was so
//    that sessions recorded with it re-render identically.

#include "dsp/spectral_kernels.h"
#include "spatial/filter_table.h"
#include "spatial/hrtf_alignment.h"
#include "spatial/models/models.h"
#include "util/error.h"
#include "util/number_format.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace stagelab::models {

namespace {
constexpr double speedOfSoundMPerS = 343.0;

struct Point
{
    double x, y, z;
};

/// Listener and speakers placed in the room: listener on the room's centre line, 40 % of the
/// length from the back wall so that front and back reflections do not coincide.
struct Layout
{
    Point listener;
    Point speakers[2];
};

Layout placeInRoom(const ModelSettings& settings)
{
    const RoomSettings& room = settings.room;
    const double earHeightM = std::min(1.2, room.heightM / 2.0);
    Layout layout{{0.4 * room.lengthM, room.widthM / 2.0, earHeightM}, {}};
    for (int s = 0; s < 2; ++s) {
        const double azimuth = (s == 0 ? 1.0 : -1.0) * settings.speakerAzimuthDeg * M_PI / 180.0;
        layout.speakers[s] = {layout.listener.x + settings.speakerDistanceM * std::cos(azimuth),
                              layout.listener.y + settings.speakerDistanceM * std::sin(azimuth),
                              earHeightM};
        // Without reflections (order 0: free field) the room's walls play no part.
        const Point& p = layout.speakers[s];
        if (room.reflectionOrder > 0 &&
            (p.x <= 0.0 || p.x >= room.lengthM || p.y <= 0.0 || p.y >= room.widthM))
            throw Error("virtual speakers at +-" + formatNumber(settings.speakerAzimuthDeg) +
                        " deg, " + formatNumber(settings.speakerDistanceM) +
                        " m do not fit in the built-in " + formatNumber(room.lengthM) + " x " +
                        formatNumber(room.widthM) + " m room (give the variant a room)");
    }
    return layout;
}

/// Coordinate of the image of `source` along one axis after |n| wall reflections (Allen &
/// Berkley): even n shifts the source by n room sizes, odd n mirrors it as well.
double imageCoordinate(double source, double size, int n)
{
    return n % 2 == 0 ? source + n * size : (n + 1) * size - source;
}

/// Binaural room response of one speaker for both ears, relative to its direct sound.
std::vector<std::vector<float>> speakerResponse(const ModelSettings& settings, const Layout& layout,
                                                int speaker)
{
    const HrtfSet& hrtf = *settings.hrtf;
    const RoomSettings& room = settings.room;
    const double reflection = std::sqrt(std::clamp(1.0 - room.absorption, 0.0, 1.0));
    const Point& source = layout.speakers[speaker];
    const Point& head = layout.listener;
    struct Image
    {
        Point position;
        int reflections;
    };
    std::vector<Image> images;
    const int order = room.reflectionOrder;
    for (int nx = -order; nx <= order; ++nx)
        for (int ny = -order; ny <= order; ++ny)
            for (int nz = -order; nz <= order; ++nz)
                if (std::abs(nx) + std::abs(ny) + std::abs(nz) <= order)
                    images.push_back({{imageCoordinate(source.x, room.lengthM, nx),
                                       imageCoordinate(source.y, room.widthM, ny),
                                       imageCoordinate(source.z, room.heightM, nz)},
                                      std::abs(nx) + std::abs(ny) + std::abs(nz)});
    const double directM = settings.speakerDistanceM;
    double longestM = directM;
    for (const Image& image : images)
        longestM =
            std::max(longestM, std::hypot(image.position.x - head.x, image.position.y - head.y,
                                          image.position.z - head.z));
    const int extraFrames =
        int(std::ceil((longestM - directM) / speedOfSoundMPerS * settings.sampleRateHz));
    std::vector<std::vector<float>> ears(
        2, std::vector<float>(size_t(extraFrames + hrtf.irLength() + 1), 0.0f));
    ImpulseAligner aligner(hrtf.irLength(), hrtf.sampleRateHz()); // one FFT plan for all images
    for (const Image& image : images) {
        const Vector3 relative{image.position.x - head.x, image.position.y - head.y,
                               image.position.z - head.z};
        const double distanceM = std::hypot(relative.x, relative.y, relative.z);
        const int delay =
            int(std::lround((distanceM - directM) / speedOfSoundMPerS * settings.sampleRateHz));
        const double gain = std::pow(reflection, image.reflections) * directM / distanceM;
        const Direction arrival = toDirection(relative);
        for (int ear = 0; ear < 2; ++ear) {
            const std::vector<float> ir = hrtf.interpolatedImpulseResponse(arrival, ear, &aligner);
            for (size_t i = 0; i < ir.size(); ++i)
                ears[size_t(ear)][size_t(delay) + i] += float(gain) * ir[i];
        }
    }
    return ears;
}

class VirtualSpeakersModel final : public SpatialModel
{
public:
    explicit VirtualSpeakersModel(const ModelSettings& settings)
        : m_hrtf(settings.hrtf), m_speakerRoom(settings.speakerRoom),
          m_azimuthDeg(settings.speakerAzimuthDeg), m_distanceM(settings.speakerDistanceM)
    {
        if (!(settings.speakerAzimuthDeg > 0.0 && settings.speakerAzimuthDeg < 90.0))
            throw Error("speaker azimuth must be in (0, 90) deg");
        if (!(settings.speakerDistanceM > 0.3))
            throw Error("speaker distance must be more than 0.3 m");
        if (settings.room.reflectionOrder < 0 || settings.room.reflectionOrder > 6)
            throw Error("reflection order must be 0..6");
        std::vector<std::vector<float>> responses[2];
        if (m_speakerRoom) {
            for (int speaker = 0; speaker < 2; ++speaker)
                for (int ear = 0; ear < 2; ++ear)
                    responses[speaker].push_back(m_speakerRoom->ears[size_t(speaker)][size_t(ear)]);
        } else {
            const Layout layout = placeInRoom(settings);
            responses[0] = speakerResponse(settings, layout, 0);
            responses[1] = speakerResponse(settings, layout, 1);
        }
        const int length = int(std::max(responses[0][0].size(), responses[1][0].size()));
        m_layout =
            PartitionLayout{settings.blockFrames, partitionsFor(length, settings.blockFrames)};
        m_table = std::make_unique<FilterTable>(m_layout, 4);
        RealFft fft(m_layout.fftSize());
        for (int speaker = 0; speaker < 2; ++speaker)
            for (int ear = 0; ear < 2; ++ear) {
                const auto& ir = responses[speaker][size_t(ear)];
                m_table->setFilter(2 * speaker + ear, ir.data(), int(ir.size()), fft);
            }
    }

    std::string name() const override { return "virtual-speakers"; }
    std::shared_ptr<const HrtfSet> hrtf() const override { return m_hrtf; }
    bool rendersBuiltInRoom() const override { return !m_speakerRoom; }
    std::vector<Loudspeaker> loudspeakers() const override
    {
        return {{{m_azimuthDeg, 0.0}, m_distanceM}, {{-m_azimuthDeg, 0.0}, m_distanceM}};
    }
    const SpatialModel& roomListener() const override
    {
        return m_speakerRoom ? *m_speakerRoom->listener : *this;
    }

    void filterPair(const Direction& direction, float* pair) const noexcept override
    {
        const PanGains gains = stereoPanGains(direction);
        const int floats = int(m_layout.earFloats());
        for (int ear = 0; ear < 2; ++ear) {
            float* out = pair + size_t(ear) * size_t(floats);
            std::fill_n(out, floats, 0.0f);
            scaleAccumulate(m_table->filter(ear), gains.left, out, floats);
            scaleAccumulate(m_table->filter(2 + ear), gains.right, out, floats);
        }
    }

private:
    std::shared_ptr<const HrtfSet> m_hrtf;
    std::shared_ptr<const SpeakerRoom> m_speakerRoom;
    double m_azimuthDeg, m_distanceM;
    std::unique_ptr<FilterTable> m_table;
};
} // namespace

void checkBuiltInSpeakerPlacement(const ModelSettings& settings)
{
    placeInRoom(settings);
}

std::shared_ptr<const SpatialModel> makeVirtualSpeakersModel(const ModelSettings& settings)
{
    return std::make_shared<VirtualSpeakersModel>(settings);
}

} // namespace stagelab::models
