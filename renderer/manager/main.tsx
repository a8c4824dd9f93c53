import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ToastProvider } from '../shared/components/Toasts.tsx'
import { restoreTheme } from '../shared/theme.ts'
import { App } from './App.tsx'
import { startLoadingFirstRows } from './data/queries.ts'
import { refreshOnVaultChanges } from './data/vault-changes.ts'
import { listenForInboxOpenRequests, refreshOnInboxChanges } from './inbox/inbox-data.ts'

const queryClient = new QueryClient({
  defaultOptions: {
    // The vault is local: a failure is an answer to show, not a flaky network to retry behind
    // the person's back. Events keep the status fresh, so focus changes need not refetch it.
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity },
    mutations: { retry: false },
  },
})

restoreTheme()
startLoadingFirstRows(queryClient)
refreshOnVaultChanges(queryClient)
refreshOnInboxChanges(queryClient)
listenForInboxOpenRequests()

const root = document.getElementById('root')
if (!root) throw new Error('The page has no #root element.')

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <App />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
)
