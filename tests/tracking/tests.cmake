# Head tracking (issue 14). Paths are absolute (included from tests/CMakeLists.txt).
# OSC over real UDP on the loopback (liblo on both ends).
stagelab_add_test(tst_osc_head_tracker ${CMAKE_CURRENT_LIST_DIR}/tst_osc_head_tracker.cpp unit)
target_link_libraries(tst_osc_head_tracker PRIVATE PkgConfig::Lo)
