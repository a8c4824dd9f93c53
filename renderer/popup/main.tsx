import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { restoreTheme } from '../shared/theme.ts'
import { QuickCode } from './QuickCode.tsx'

restoreTheme()

const root = document.getElementById('root')
if (!root) throw new Error('The page has no #root element.')

// Local calls: a failure is an answer to show, not a network blip to retry; events keep data fresh.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity },
    mutations: { retry: false },
  },
})

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <QuickCode />
    </QueryClientProvider>
  </StrictMode>,
)
