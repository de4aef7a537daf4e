// A C++17 stand-in for std::span (C++20): ns-3 3.37's headers do not compile as C++20, so the
// whole project is C++17 and uses this small non-owning view instead. Only what we use.
#ifndef IPSECLAB_UTIL_SPAN_H
#define IPSECLAB_UTIL_SPAN_H

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace ipseclab
{

template <typename T>
class Span
{
  public:
    using element_type = T;
    using value_type = std::remove_cv_t<T>;
    using size_type = std::size_t;
    using pointer = T*;
    using reference = T&;
    using iterator = T*;

    constexpr Span() noexcept = default;
    constexpr Span(T* data, size_type size) noexcept
        : m_data(data)
        , m_size(size)
    {
    }
    constexpr Span(T* first, T* last) noexcept
        : m_data(first)
        , m_size(static_cast<size_type>(last - first))
    {
    }
    template <std::size_t N>
    constexpr Span(T (&array)[N]) noexcept
        : m_data(array)
        , m_size(N)
    {
    }
    template <typename U, std::size_t N,
              typename = std::enable_if_t<std::is_convertible_v<U (*)[], T (*)[]>>>
    constexpr Span(std::array<U, N>& array) noexcept
        : m_data(array.data())
        , m_size(N)
    {
    }
    template <typename U, std::size_t N,
              typename = std::enable_if_t<std::is_convertible_v<const U (*)[], T (*)[]>>>
    constexpr Span(const std::array<U, N>& array) noexcept
        : m_data(array.data())
        , m_size(N)
    {
    }
    template <typename U, typename A,
              typename = std::enable_if_t<std::is_convertible_v<U (*)[], T (*)[]>>>
    Span(std::vector<U, A>& v) noexcept
        : m_data(v.data())
        , m_size(v.size())
    {
    }
    template <typename U, typename A,
              typename = std::enable_if_t<std::is_convertible_v<const U (*)[], T (*)[]>>>
    Span(const std::vector<U, A>& v) noexcept
        : m_data(v.data())
        , m_size(v.size())
    {
    }
    /// Span<const T> from Span<T>.
    template <typename U, typename = std::enable_if_t<std::is_convertible_v<U (*)[], T (*)[]>>>
    constexpr Span(const Span<U>& other) noexcept
        : m_data(other.data())
        , m_size(other.size())
    {
    }

    constexpr T* data() const noexcept { return m_data; }
    constexpr size_type size() const noexcept { return m_size; }
    constexpr size_type size_bytes() const noexcept { return m_size * sizeof(T); }
    constexpr bool empty() const noexcept { return m_size == 0; }
    constexpr T& operator[](size_type i) const { return m_data[i]; }
    constexpr T& front() const { return m_data[0]; }
    constexpr T& back() const { return m_data[m_size - 1]; }
    constexpr T* begin() const noexcept { return m_data; }
    constexpr T* end() const noexcept { return m_data + m_size; }

    /// Like std::span but checked: out of range throws std::out_of_range, never UB.
    Span subspan(size_type offset, size_type count = size_type(-1)) const
    {
        if (offset > m_size)
        {
            throw std::out_of_range("span: offset " + std::to_string(offset) + " beyond size " +
                                    std::to_string(m_size));
        }
        if (count == size_type(-1))
        {
            count = m_size - offset;
        }
        if (count > m_size - offset)
        {
            throw std::out_of_range("span: " + std::to_string(count) + " elements at " +
                                    std::to_string(offset) + " exceed size " +
                                    std::to_string(m_size));
        }
        return Span(m_data + offset, count);
    }
    Span first(size_type count) const { return subspan(0, count); }
    Span last(size_type count) const
    {
        if (count > m_size)
        {
            throw std::out_of_range("span: last " + std::to_string(count) + " of " +
                                    std::to_string(m_size));
        }
        return Span(m_data + m_size - count, count);
    }

  private:
    T* m_data = nullptr;
    size_type m_size = 0;
};

} // namespace ipseclab

#endif
