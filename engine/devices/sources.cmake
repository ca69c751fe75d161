# Device equalisation and levels (issue 5): AutoEq / EqualizerAPO import, RBJ biquads,
# minimum-phase FIR, device profiles, level matching and calibration files.
target_sources(stagelab_engine PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/autoeq.cpp
    ${CMAKE_CURRENT_LIST_DIR}/biquad.cpp
    ${CMAKE_CURRENT_LIST_DIR}/equalizer_filter.cpp
    ${CMAKE_CURRENT_LIST_DIR}/device_profile.cpp
    ${CMAKE_CURRENT_LIST_DIR}/level_matching.cpp
    ${CMAKE_CURRENT_LIST_DIR}/device_calibration.cpp
)
