#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace facecase {

// A blocking FIFO with a capacity, between the stages of a pipeline: a fast producer waits for
// a slow consumer instead of filling memory. Any number of producers and consumers. close()
// ends the stream: pops drain what is left, then return nothing; pushes fail.
// discardAndClose() also drops what is queued (cancel, fatal error).
template <class T>
class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity) : m_capacity(capacity > 0 ? capacity : 1) {}

    // Blocks while full. False (and `value` dropped) once the queue is closed.
    bool push(T value) {
        std::unique_lock lock(m_mutex);
        m_notFull.wait(lock, [this] { return m_closed || m_items.size() < m_capacity; });
        if (m_closed) return false;
        m_items.push_back(std::move(value));
        m_notEmpty.notify_one();
        return true;
    }

    // Blocks while empty and open; nullopt once closed and drained.
    std::optional<T> pop() {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [this] { return m_closed || !m_items.empty(); });
        return take();
    }

    // As pop(), waiting at most `timeout`; nullopt on timeout too (`closed` tells them apart).
    std::optional<T> popFor(std::chrono::milliseconds timeout, bool* closed) {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait_for(lock, timeout, [this] { return m_closed || !m_items.empty(); });
        *closed = m_closed && m_items.empty();
        return take();
    }

    void close() {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
        m_notEmpty.notify_all();
        m_notFull.notify_all();
    }

    // Returns how many queued items were dropped.
    std::size_t discardAndClose() {
        const std::lock_guard lock(m_mutex);
        const std::size_t dropped = m_items.size();
        m_items.clear();
        m_closed = true;
        m_notEmpty.notify_all();
        m_notFull.notify_all();
        return dropped;
    }

    std::size_t size() const {
        const std::lock_guard lock(m_mutex);
        return m_items.size();
    }
    std::size_t capacity() const { return m_capacity; }

private:
    std::optional<T> take() {
        if (m_items.empty()) return std::nullopt;
        std::optional<T> value(std::move(m_items.front()));
        m_items.pop_front();
        m_notFull.notify_one();
        return value;
    }

    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<T> m_items;
    bool m_closed = false;
};

}  // namespace facecase
