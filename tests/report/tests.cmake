# The study report (issue 5). Paths are absolute (included from tests/CMakeLists.txt).
stagelab_add_test(tst_study_report ${CMAKE_CURRENT_LIST_DIR}/tst_study_report.cpp e2e TIMEOUT 180)
# QImage reads the screenshot Chromium takes of the page.
find_package(Qt6 6.4 REQUIRED COMPONENTS Gui)
target_link_libraries(tst_study_report PRIVATE Qt6::Gui)
# The soundstage study end to end: four simulated listeners, compare, report, headless Chromium.
stagelab_add_test(tst_soundstage_study ${CMAKE_CURRENT_LIST_DIR}/tst_soundstage_study.cpp e2e TIMEOUT 300)
add_dependencies(tst_soundstage_study stagelab-cli)
target_link_libraries(tst_soundstage_study PRIVATE Qt6::Gui)
