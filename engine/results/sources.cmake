target_sources(stagelab_engine PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/session_record.cpp
    ${CMAKE_CURRENT_LIST_DIR}/session_file.cpp
    ${CMAKE_CURRENT_LIST_DIR}/result_rows.cpp
    ${CMAKE_CURRENT_LIST_DIR}/export.cpp
    ${CMAKE_CURRENT_LIST_DIR}/trial_line_parser.cpp)
