#include "experiment/counterbalancing.h"

#include <algorithm>

namespace stagelab {

int williamsRowCount(int n)
{
    return n <= 0 ? 0 : n % 2 == 0 ? n : 2 * n;
}

std::vector<int> williamsRow(int n, int participantNumber)
{
    if (n <= 0) return {};
    const int rows = williamsRowCount(n);
    // Floor modulo, so participant numbers 0 and below still land on a row.
    const int row = ((participantNumber - 1) % rows + rows) % rows;
    std::vector<int> order(static_cast<size_t>(n));
    for (int j = 0; j < n; ++j) {
        const int base = j == 0 ? 0 : j % 2 == 1 ? (j + 1) / 2 : n - j / 2;
        order[size_t(j)] = (base + row) % n;
    }
    if (row >= n) std::reverse(order.begin(), order.end());
    return order;
}

std::vector<int> abbaSequence(int n, int participantNumber)
{
    std::vector<int> sequence = williamsRow(n, participantNumber);
    sequence.insert(sequence.end(), sequence.rbegin(), sequence.rend());
    return sequence;
}

} // namespace stagelab
