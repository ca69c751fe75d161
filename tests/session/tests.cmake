stagelab_add_test(tst_session_files ${CMAKE_CURRENT_LIST_DIR}/tst_session_files.cpp unit)
stagelab_add_test(tst_session_cli ${CMAKE_CURRENT_LIST_DIR}/tst_session_cli.cpp e2e TIMEOUT 300)
add_dependencies(tst_session_cli stagelab-cli)
stagelab_add_test(tst_session_devices ${CMAKE_CURRENT_LIST_DIR}/tst_session_devices.cpp unit)
