# The study report (issue 5). Paths are absolute (included from tests/CMakeLists.txt).
stagelab_add_test(tst_study_report ${CMAKE_CURRENT_LIST_DIR}/tst_study_report.cpp e2e TIMEOUT 180)
# QImage reads the screenshot Chromium takes of the page.
find_package(Qt6 6.4 REQUIRED COMPONENTS Gui)
target_link_libraries(tst_study_report PRIVATE Qt6::Gui)
