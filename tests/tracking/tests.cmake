# Head tracking (issue 14). Paths are absolute (included from tests/CMakeLists.txt).
# OSC over real UDP on the loopback (liblo on both ends).
stagelab_add_test(tst_osc_head_tracker ${CMAKE_CURRENT_LIST_DIR}/tst_osc_head_tracker.cpp unit)
target_link_libraries(tst_osc_head_tracker PRIVATE PkgConfig::Lo)
# Dynamic rendering checked offline against untracked scenes (the Renderer, block by block).
stagelab_add_test(tst_head_tracked_rendering
    ${CMAKE_CURRENT_LIST_DIR}/tst_head_tracked_rendering.cpp dsp)
