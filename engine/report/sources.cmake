# The study report (issue 5): one self-contained HTML page with inline SVG plots.
target_sources(stagelab_engine PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/html.cpp
    ${CMAKE_CURRENT_LIST_DIR}/svg_plots.cpp
    ${CMAKE_CURRENT_LIST_DIR}/report_sections.cpp
    ${CMAKE_CURRENT_LIST_DIR}/study_report.cpp
)
