#pragma once
/// The one kind of queue between the control thread and the audio thread: fixed capacity,
/// single producer, single consumer, wait-free, and no operation that could allocate.

#include <readerwriterqueue/readerwriterqueue.h>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace stagelab {

/// A thin wrapper over moodycamel::ReaderWriterQueue that offers only its non-allocating
/// operations (its enqueue() grows the queue; try_enqueue() never does). Elements must move
/// without throwing, so that a push or pop can neither allocate nor fail half-way.
template <typename T> class SpscQueue
{
    static_assert(std::is_nothrow_move_constructible_v<T> && std::is_nothrow_move_assignable_v<T>);

public:
    /// Room for at least `capacity` elements, all allocated here (off the audio thread).
    explicit SpscQueue(std::size_t capacity) : m_queue(capacity) {}

    /// How many elements it holds at most (ReaderWriterQueue rounds the capacity asked for up).
    std::size_t capacity() const { return m_queue.max_capacity(); }

    /// Producer: moves `value` in if there is room (returns false and leaves `value` as it was
    /// if not). Wait-free.
    [[nodiscard]] bool try_push(T&& value) noexcept
    {
        return m_queue.try_enqueue(std::move(value));
    }
    [[nodiscard]] bool try_push(const T& value) noexcept { return m_queue.try_enqueue(value); }
    /// Consumer: move-assigns the oldest element to `value` if there is one. Wait-free. (For an
    /// owning element, pop into an empty one: what `value` held is released by the assignment.)
    [[nodiscard]] bool try_pop(T& value) noexcept { return m_queue.try_dequeue(value); }

private:
    moodycamel::ReaderWriterQueue<T> m_queue;
};

} // namespace stagelab
