#pragma once
/// Errors the engine reports to its callers (never from the audio thread).

#include <stdexcept>
#include <string>

namespace stagelab {

/// A failure with a message meant for a person: it names the file, field or option and the reason.
class Error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace stagelab
