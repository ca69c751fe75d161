# Device equalisation (issue 5): AutoEq / EqualizerAPO import, RBJ biquads, minimum-phase FIR.
target_sources(stagelab_engine PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/autoeq.cpp
    ${CMAKE_CURRENT_LIST_DIR}/biquad.cpp
    ${CMAKE_CURRENT_LIST_DIR}/equalizer_filter.cpp
)
