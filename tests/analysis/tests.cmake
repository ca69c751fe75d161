# The analysis layer's suites (issue 3). Paths are absolute: this file is included from
# tests/CMakeLists.txt, whose directory is what relative source paths would resolve against.
stagelab_add_test(tst_localization_metrics ${CMAKE_CURRENT_LIST_DIR}/tst_localization_metrics.cpp unit)
stagelab_add_test(tst_statistics ${CMAKE_CURRENT_LIST_DIR}/tst_statistics.cpp unit)
stagelab_add_test(tst_csv_import ${CMAKE_CURRENT_LIST_DIR}/tst_csv_import.cpp unit)
# Third-party listening-test data in ../shared/validation (skips when that folder is absent).
stagelab_add_test(tst_reference_data ${CMAKE_CURRENT_LIST_DIR}/tst_reference_data.cpp validation)
stagelab_add_test(tst_device_comparison ${CMAKE_CURRENT_LIST_DIR}/tst_device_comparison.cpp unit)
stagelab_add_test(tst_depth_metrics ${CMAKE_CURRENT_LIST_DIR}/tst_depth_metrics.cpp unit)
