using System.Text.Json;
using Microsoft.Playwright;

namespace DocStream.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// Finds the text a reader cannot see whole in a grid's header and body cells. A cell's own scroll width misses a
/// header title: its sort button is a web component that clips the title inside its shadow DOM. So this measures
/// each text's laid-out box and compares it with every box that clips it (overflow other than visible), walking the
/// flattened tree (slots and shadow hosts) up to the cell, and with the cell itself (text spilling into the next cell
/// overlaps it). Visually hidden text (screen-reader only, a clipping 1 px box) is left out.
/// </summary>
public static class CutText
{
    private const string Script = """
        root => {
          const up = n => n.assignedSlot ?? n.parentElement ?? n.parentNode?.host ?? null;
          const cuts = [];
          for (const cell of root.querySelectorAll('th, td')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let text = walker.nextNode(); text; text = walker.nextNode()) {
              if (!text.textContent.trim()) continue;
              const range = document.createRange();
              range.selectNodeContents(text);
              const box = range.getBoundingClientRect();
              if (box.width === 0 && box.height === 0) continue;
              let hidden = false, cutBy = null;
              for (let e = up(text); e && !hidden; e = e === cell ? null : up(e)) {
                if (!(e instanceof Element)) continue;
                const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                // A slot or other display: contents box has no box of its own: nothing to clip with.
                if (s.display === 'contents') continue;
                if (r.width <= 1 && r.height <= 1 && s.overflowX !== 'visible') { hidden = true; break; }
                const clipsX = e === cell || s.overflowX !== 'visible', clipsY = e === cell || s.overflowY !== 'visible';
                if (!cutBy && ((clipsX && (box.left < r.left - 0.5 || box.right > r.right + 0.5)) ||
                               (clipsY && (box.top < r.top - 0.5 || box.bottom > r.bottom + 0.5)))) {
                  cutBy = e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
                  cutBy += ` ${Math.round(r.width)}x${Math.round(r.height)} for ${Math.round(box.width)}x${Math.round(box.height)}`;
                }
              }
              if (!hidden && cutBy) cuts.push(`${cell.tagName.toLowerCase()} '${text.textContent.trim().slice(0, 40)}' cut by ${cutBy}`);
            }
          }
          return JSON.stringify(cuts);
        }
        """;

    /// <summary>How many header and body cells <paramref name="grid"/> has, and a description of every text cut in them.</summary>
    public static async Task<(int Headers, int Cells, IReadOnlyList<string> Cuts)> FindAsync(ILocator grid)
    {
        var json = await grid.EvaluateAsync<string>(Script);
        var cuts = JsonSerializer.Deserialize<string[]>(json)!;
        var headers = await grid.Locator("thead th").CountAsync();
        var cells = await grid.Locator("tbody td, tbody th").CountAsync();
        return (headers, cells, cuts);
    }
}
