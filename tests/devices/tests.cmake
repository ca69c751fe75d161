# Device equalisation suites (issue 5). Paths are absolute: this file is included from
# tests/CMakeLists.txt, whose directory is what relative source paths would resolve against.
stagelab_add_test(tst_autoeq ${CMAKE_CURRENT_LIST_DIR}/tst_autoeq.cpp dsp)
# Real AutoEq output in ../shared/devices-autoeq (skips when that folder is absent).
stagelab_add_test(tst_autoeq_reference ${CMAKE_CURRENT_LIST_DIR}/tst_autoeq_reference.cpp validation)
# Device profiles, level matching, calibration files, and the EQ in the renderer's output path.
stagelab_add_test(tst_device_profile ${CMAKE_CURRENT_LIST_DIR}/tst_device_profile.cpp unit)
stagelab_add_test(tst_output_stage ${CMAKE_CURRENT_LIST_DIR}/tst_output_stage.cpp dsp)
# The device commands of stagelab-cli, and a two-device study from calibration to report.
stagelab_add_test(tst_device_cli ${CMAKE_CURRENT_LIST_DIR}/tst_device_cli.cpp e2e TIMEOUT 300)
add_dependencies(tst_device_cli stagelab-cli)
