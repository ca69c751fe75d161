#pragma once
/// Real-time scheduling for the audio thread. A thread at an ordinary priority shares its core
/// with the window, the disk cache and any build the machine runs: each can take the core away
/// in the middle of a block. RtAudio 5.2 can ask for it (RTAUDIO_SCHEDULE_REALTIME: SCHED_RR for
/// PulseAudio), but then writes a line to stderr from the audio thread at every stream start and
/// says nothing to its caller when the system refuses; so the audio thread asks for SCHED_FIFO
/// itself, once, in its first callback - as JACK clients and browsers' audio threads do - and
/// the outcome is a figure the engine can report.

#include <string>

namespace stagelab {

/// The SCHED_FIFO priority asked for: any real-time priority runs before every ordinary thread;
/// a low one leaves the sound server's and the kernel's own real-time threads before it.
inline constexpr int audioThreadPriority = 10;

/// Audio thread, first callback: keeps a real-time policy the audio API already gave the thread
/// (JACK's), else asks for SCHED_FIFO at audioThreadPriority. Returns the thread's real-time
/// priority (> 0), or -errno if the system refused it (an ordinary user without an rtprio limit:
/// EPERM). One system call, no allocation, no lock of ours.
int takeRealTimeScheduling() noexcept;

/// For people: "real-time (SCHED_FIFO, priority 10)", or "ordinary priority (real-time refused:
/// Operation not permitted; ...)" with what to do about it, or "not yet known".
std::string describeAudioThreadScheduling(int outcome);

} // namespace stagelab
