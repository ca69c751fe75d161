// Other labs' localization CSV files (import-csv).
#include "analysis/csv_import.h"
#include "fuzz_target.h"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return fuzzOne(data, size, [](const std::string& text) {
        std::istringstream input(text);
        (void)stagelab::readLocalizationCsv(input, "fuzz.csv");
    });
}
