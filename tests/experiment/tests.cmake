# Experiment files and trial plans; included by tests/CMakeLists.txt.
stagelab_add_test(tst_experiment_validation ${CMAKE_CURRENT_LIST_DIR}/tst_experiment_validation.cpp unit)
stagelab_add_test(tst_trial_plan ${CMAKE_CURRENT_LIST_DIR}/tst_trial_plan.cpp unit)
stagelab_add_test(tst_plan_counterbalancing ${CMAKE_CURRENT_LIST_DIR}/tst_plan_counterbalancing.cpp unit)
stagelab_add_test(tst_model_variants ${CMAKE_CURRENT_LIST_DIR}/tst_model_variants.cpp unit)
