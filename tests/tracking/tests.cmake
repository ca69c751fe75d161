# Head tracking (issue 14). Paths are absolute (included from tests/CMakeLists.txt).
# OSC over real UDP on the loopback (liblo on both ends).
stagelab_add_test(tst_osc_head_tracker ${CMAKE_CURRENT_LIST_DIR}/tst_osc_head_tracker.cpp unit)
target_link_libraries(tst_osc_head_tracker PRIVATE PkgConfig::Lo)
# Dynamic rendering checked offline against untracked scenes (the Renderer, block by block).
stagelab_add_test(tst_head_tracked_rendering
    ${CMAKE_CURRENT_LIST_DIR}/tst_head_tracked_rendering.cpp dsp)
# Head tracking in real time: OSC into a renderer playing into the test PulseAudio null sink
# (a minute of a 200 Hz stream among its cases).
stagelab_add_test(tst_tracked_playback ${CMAKE_CURRENT_LIST_DIR}/tst_tracked_playback.cpp audio
                  TIMEOUT 300)
target_link_libraries(tst_tracked_playback PRIVATE PkgConfig::Lo stagelab_allocation_counter)
# Trace files and the sender that replays them as each kind of tracker.
stagelab_add_test(tst_head_trace ${CMAKE_CURRENT_LIST_DIR}/tst_head_trace.cpp unit)
