# GUI suites: the QML pads under Qt Quick Test, and end-to-end runs of the real window.
find_package(Qt6 6.4 REQUIRED COMPONENTS QuickTest)

add_library(stagelab_gui_driver STATIC gui/gui_driver.cpp gui/contrast.cpp gui/frame_watch.cpp)
target_link_libraries(stagelab_gui_driver PUBLIC stagelab_gui stagelab_guiplugin stagelab_qml stagelab_qmlplugin
                                                 Qt6::Test Qt6::Quick stagelab_options)

stagelab_add_test(tst_pads gui/tst_pads.cpp qml)
target_link_libraries(tst_pads PRIVATE Qt6::QuickTest stagelab_gui stagelab_guiplugin stagelab_qml stagelab_qmlplugin)
target_compile_definitions(tst_pads PRIVATE QUICK_TEST_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}/gui")

# The bridge's controllers without a window: NOTIFY signals, enums, models (QSignalSpy).
stagelab_add_test(tst_controllers gui/tst_controllers.cpp qml)
target_link_libraries(tst_controllers PRIVATE stagelab_gui)
add_dependencies(tst_controllers stagelab-cli)

stagelab_add_test(tst_gui_session gui/tst_gui_session.cpp e2e TIMEOUT 240)
target_link_libraries(tst_gui_session PRIVATE stagelab_gui_driver)

stagelab_add_test(tst_gui_audio_failure gui/tst_gui_audio_failure.cpp e2e TIMEOUT 240)
target_link_libraries(tst_gui_audio_failure PRIVATE stagelab_gui_driver)

# Not a test: the README's screenshots (scripts/screenshots.sh runs it under Xvfb).
add_executable(stagelab-screenshot-tour gui/screenshot_tour.cpp)
target_link_libraries(stagelab-screenshot-tour PRIVATE stagelab_gui_driver)
target_compile_definitions(stagelab-screenshot-tour PRIVATE STAGELAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                                           STAGELAB_CLI="$<TARGET_FILE:stagelab-cli>")
add_dependencies(stagelab-screenshot-tour stagelab-cli)
add_dependencies(tst_gui_session stagelab-cli)

# What a participant meets (issue 10): frame times after Play, answers only after the sound,
# Enter and focus, resume as the default, listener-only texts, contrast on every page.
stagelab_add_test(tst_gui_participant gui/tst_gui_participant.cpp e2e TIMEOUT 240)
target_link_libraries(tst_gui_participant PRIVATE stagelab_gui_driver)

# Distance and externalization answers through the window (issue 13).
stagelab_add_test(tst_gui_depth gui/tst_gui_depth.cpp e2e TIMEOUT 240)
target_link_libraries(tst_gui_depth PRIVATE stagelab_gui_driver)

# Head tracking in the window: a trace replayed over UDP by stagelab-cli tracker-replay.
stagelab_add_test(tst_gui_head_tracking gui/tst_gui_head_tracking.cpp e2e TIMEOUT 240)
target_link_libraries(tst_gui_head_tracking PRIVATE stagelab_gui_driver)
add_dependencies(tst_gui_head_tracking stagelab-cli)

# The results browser with a large study: reading, analysis and export off the GUI thread (issue 15).
stagelab_add_test(tst_gui_results gui/tst_gui_results.cpp e2e TIMEOUT 240)
target_link_libraries(tst_gui_results PRIVATE stagelab_gui_driver)
add_dependencies(tst_gui_results stagelab-cli)
