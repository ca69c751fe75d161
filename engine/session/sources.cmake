target_sources(stagelab_engine PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/participant.cpp
    ${CMAKE_CURRENT_LIST_DIR}/simulated_listener.cpp
    ${CMAKE_CURRENT_LIST_DIR}/trial_player.cpp
    ${CMAKE_CURRENT_LIST_DIR}/session.cpp
    ${CMAKE_CURRENT_LIST_DIR}/resumable.cpp
    ${CMAKE_CURRENT_LIST_DIR}/session_devices.cpp)
