# The analysis layer (issue 3): metrics, grouping, within-participant statistics, CSV import.
target_sources(stagelab_engine PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/localization_metrics.cpp
    ${CMAKE_CURRENT_LIST_DIR}/grouping.cpp
    ${CMAKE_CURRENT_LIST_DIR}/statistics.cpp
    ${CMAKE_CURRENT_LIST_DIR}/csv_import.cpp
    ${CMAKE_CURRENT_LIST_DIR}/text_format.cpp
)
