# Experiment files and trial plans (DESIGN.md §5); included by engine/CMakeLists.txt.
target_sources(stagelab_engine PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/json_reader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/experiment.cpp
    ${CMAKE_CURRENT_LIST_DIR}/experiment_blocks.cpp
    ${CMAKE_CURRENT_LIST_DIR}/experiment_settings.cpp
    ${CMAKE_CURRENT_LIST_DIR}/plan_random.cpp
    ${CMAKE_CURRENT_LIST_DIR}/counterbalancing.cpp
    ${CMAKE_CURRENT_LIST_DIR}/constrained_shuffle.cpp
    ${CMAKE_CURRENT_LIST_DIR}/block_planner.cpp
    ${CMAKE_CURRENT_LIST_DIR}/trial_plan.cpp
    ${CMAKE_CURRENT_LIST_DIR}/plan_output.cpp
)
