# Experiment files and trial plans (DESIGN.md §5); included by engine/CMakeLists.txt.
target_sources(stagelab_engine PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/digest.cpp
    ${CMAKE_CURRENT_LIST_DIR}/json_reader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/experiment.cpp
    ${CMAKE_CURRENT_LIST_DIR}/experiment_blocks.cpp
)
