#pragma once
/// Reading a study's session files on every core, in order, a few at a time.

#include "results/session_file.h"
#include "util/error.h"

#include <algorithm>
#include <atomic>
#include <future>
#include <optional>
#include <semaphore>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace stagelab {

/// Every session file under the given paths (files, or folders searched recursively for
/// *.jsonl), each named once (by its canonical path), sorted. Throws Error for a path that is
/// neither a file nor a folder.
std::vector<std::string> sessionFilePaths(const std::vector<std::string>& paths);

/// Reads every session file under `paths` and hands what `extract` makes of each (on the
/// reading thread) to `consume`, in file order. One reading thread per core, each at most two
/// files ahead of `consume`: memory holds a few files, not the study, and each thread keeps its
/// parsers' buffers from file to file. A file that cannot be read is skipped with a warning (an
/// Error when `strict`). Returns how many files were read.
template <typename Extract, typename Consume>
size_t readSessionFilesInOrder(const std::vector<std::string>& paths,
                               std::vector<std::string>& warnings, bool strict, Extract extract,
                               Consume consume)
{
    const std::vector<std::string> files = sessionFilePaths(paths);
    using Extracted = decltype(extract(std::declval<SessionFileContents&&>()));
    struct Read
    {
        Extracted extracted;
        std::vector<std::string> warnings;
    };
    auto read = [&extract](const std::string& file) {
        SessionFileContents contents = readSessionFile(file, false);
        std::vector<std::string> fileWarnings = contents.warnings;
        if (contents.tornTail)
            fileWarnings.push_back(file + ": ends in a torn line (" +
                                   std::to_string(contents.tornTail->size()) +
                                   " bytes; an interrupted write) - ignored");
        return Read{extract(std::move(contents)), std::move(fileWarnings)};
    };
    const size_t threadCount =
        std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), files.size());
    std::vector<std::promise<Read>> promised(files.size());
    std::vector<std::future<Read>> results;
    for (auto& promise : promised)
        results.push_back(promise.get_future());
    struct Worker
    {
        std::counting_semaphore<> ahead{2}; // files it may read before consume takes one
        std::thread thread;
    };
    std::vector<Worker> workers(threadCount);
    std::atomic<bool> stopping{false};
    // Stops and joins the readers however this returns (consume or a strict read may throw).
    struct Joiner
    {
        std::vector<Worker>& workers;
        std::atomic<bool>& stopping;
        ~Joiner()
        {
            stopping = true;
            for (Worker& worker : workers) {
                worker.ahead.release(2);
                if (worker.thread.joinable()) worker.thread.join();
            }
        }
    } joiner{workers, stopping};
    for (size_t w = 0; w < threadCount; ++w)
        workers[w].thread = std::thread([&, w] {
            for (size_t i = w; i < files.size(); i += threadCount) {
                workers[w].ahead.acquire();
                if (stopping) return;
                try {
                    promised[i].set_value(read(files[i]));
                } catch (...) {
                    promised[i].set_exception(std::current_exception());
                }
            }
        });
    size_t readCount = 0;
    for (size_t i = 0; i < files.size(); ++i) {
        std::optional<Read> result;
        try {
            result.emplace(results[i].get());
        } catch (const Error& error) {
            if (strict) throw;
            warnings.push_back(std::string(error.what()) + " - the file is skipped");
        }
        workers[i % threadCount].ahead.release();
        if (!result) continue;
        warnings.insert(warnings.end(), result->warnings.begin(), result->warnings.end());
        consume(std::move(result->extracted));
        ++readCount;
    }
    if (readCount == 0)
        throw Error(files.empty() ? "no session files (*.jsonl) found in the given paths"
                                  : "none of the " + std::to_string(files.size()) +
                                        " session files could be read");
    return readCount;
}

} // namespace stagelab
